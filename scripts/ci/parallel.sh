#!/usr/bin/env bash
# CI, many folders on many machines: the "Many folders, many machines" recipes of
# docs/scripting.md, run for real. 21 folders of frames, one of them broken (a truncated
# frame), made into videos:
#   1. GNU parallel on this machine, 2 jobs (-j 2), --json lines collected as JSON Lines;
#   2. GNU parallel through ssh (--sshlogin) with --transferfile/--return/--cleanup, against
#      an sshd on localhost (Debian's openssh-server, started here on a port of its own and
#      stopped at the end), as with machines that share no filesystem;
#   3. GNU parallel through the same ssh with a shared filesystem (--workdir);
#   4. xargs -P 2.
# (The ssh variants take 6 folders, one broken: each ssh job costs several connections.)
# Each time: every good video is there and decodes to its 10 frames, the broken folder is
# reported with exit code 1 (parallel's joblog, xargs' 123), and no temporary file of
# framekit's is left anywhere (here, nor in the remote working folders).
#
#   bash scripts/ci/parallel.sh [FRAMEKIT]   default: target/release/framekit (built if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ensure-ffmpeg.sh
. scripts/ci/common.sh

FRAMEKIT=${1:-$PWD/target/release/framekit}
WORK=$(mktemp -d)
FOLDERS=21
BROKEN=run13
PORT=${FRAMEKIT_TEST_SSH_PORT:-2222}

finish() {
  local status=$?
  stop_sshd
  rm -rf "$WORK"
  print_timings "many folders, many machines: timings"
  exit "$status"
}
trap finish EXIT

tools() {
  ensure_ffmpeg
  local missing=()
  command -v parallel >/dev/null 2>&1 || missing+=(parallel)
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
  command -v rsync >/dev/null 2>&1 || missing+=(rsync)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
  [ -x "$FRAMEKIT" ] || cargo build --release --locked
  parallel --version | sed -n 1p
  /usr/sbin/sshd -V 2>&1 | sed -n 1p || true
  "$FRAMEKIT" --version
}

# make_folders DIR: DIR/run01 ... DIR/run$FOLDERS, 10 frames each; DIR/$BROKEN has a
# truncated one.
make_folders() {
  local dir=$1 i name
  mkdir -p "$dir"
  for i in $(seq -f '%02g' 1 "$FOLDERS"); do
    name=$dir/run$i
    mkdir "$name"
    ffmpeg -v error -f lavfi -i "testsrc2=s=64x48:r=10" -frames:v 10 "$name/f_%03d.png"
  done
  head -c 200 "$dir/$BROKEN/f_005.png" >"$dir/$BROKEN/f_005.png.cut"
  mv "$dir/$BROKEN/f_005.png.cut" "$dir/$BROKEN/f_005.png"
}

# check_videos DIR: every good folder's video decodes to 10 frames; the broken one has none;
# no temporary file of framekit's (.NAME.framekit-PID-N.part) anywhere under DIR.
check_videos() {
  local dir=$1 i name frames
  for i in $(seq -f '%02g' 1 "$FOLDERS"); do
    name=run$i
    if [ "$name" = "$BROKEN" ]; then
      [ ! -e "$dir/$name.mp4" ] || {
        echo "error: $name is broken, yet $name.mp4 was written" >&2
        return 1
      }
      continue
    fi
    # -count_frames decodes every frame: a damaged video fails here.
    frames=$(ffprobe -v error -count_frames -select_streams v:0 \
      -show_entries stream=nb_read_frames -of csv=p=0 "$dir/$name.mp4")
    [ "$frames" = 10 ] || {
      echo "error: $name.mp4 has $frames frames, not 10" >&2
      return 1
    }
  done
  no_leftovers "$dir"
  echo "$((FOLDERS - 1)) videos of 10 frames each; $BROKEN made none"
}

no_leftovers() {
  local left
  left=$(find "$@" -name '*.framekit-*' 2>/dev/null || true)
  [ -z "$left" ] || {
    echo "error: temporary files left behind: $left" >&2
    return 1
  }
}

# The joblog says the broken folder's job, and only it, exited 1.
check_joblog() {
  local joblog=$1
  # Columns: Seq Host Starttime JobRuntime Send Receive Exitval Signal Command
  awk -F'\t' -v broken="$BROKEN" 'NR > 1 {
      jobs++
      if (index($9, broken)) { if ($7 != 1) bad = bad " " broken ": " $7 }
      else if ($7 != 0) bad = bad " " $9 ": " $7
    }
    END {
      if (bad != "") { print "error: exit codes:" bad > "/dev/stderr"; exit 1 }
      printf "joblog: %d jobs, %s exited 1, the others 0\n", jobs, broken
    }' "$joblog"
}

# The --json lines of the good folders, one object a line (JSON Lines), and nothing else.
check_json_lines() {
  python3 - "$1" "$((FOLDERS - 1))" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
records = [json.loads(line) for line in lines]
assert len(records) == int(sys.argv[2]), f"{len(records)} JSON lines"
assert all(r["frames"] == 10 and r["output"].endswith(".mp4") for r in records), records
print(f"JSON Lines: {len(records)} records, each with 10 frames")
PY
}

local_parallel() {
  local dir=$WORK/local status=0
  make_folders "$dir"
  cd "$dir"
  # docs/scripting.md's recipe: one video per folder, 2 at a time; the broken folder does not stop the rest.
  parallel -j 2 --joblog joblog.tsv "$FRAMEKIT" stitch {} -o {}.mp4 --json --quiet \
    ::: run* >results.jsonl || status=$?
  # parallel exits with the number of failed jobs.
  [ "$status" = 1 ] || {
    echo "error: parallel exited $status, not 1 (one failed job)" >&2
    return 1
  }
  check_joblog joblog.tsv
  check_json_lines results.jsonl
  check_videos "$dir"
}

SSH_DIR=$WORK/ssh
# How parallel reaches "the other machine": this machine's sshd, with a key of this run's own.
SSH="ssh -p $PORT -i $SSH_DIR/id -o IdentitiesOnly=yes -o BatchMode=yes \
-o StrictHostKeyChecking=no -o UserKnownHostsFile=$SSH_DIR/known_hosts -o LogLevel=ERROR"

stop_sshd() {
  if [ -f "$SSH_DIR/sshd.pid" ]; then
    kill "$(cat "$SSH_DIR/sshd.pid")" 2>/dev/null || true
    rm -f "$SSH_DIR/sshd.pid"
  fi
}

start_sshd() {
  local ssh=$SSH_DIR
  mkdir -p "$ssh"
  chmod 700 "$ssh"
  ssh-keygen -q -t ed25519 -N '' -f "$ssh/host_key"
  ssh-keygen -q -t ed25519 -N '' -f "$ssh/id"
  cp "$ssh/id.pub" "$ssh/authorized_keys"
  cat >"$ssh/sshd_config" <<CONFIG
ListenAddress 127.0.0.1
Port $PORT
HostKey $ssh/host_key
AuthorizedKeysFile $ssh/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile $ssh/sshd.pid
CONFIG
  # sshd wants its privilege separation folder.
  [ -d /run/sshd ] || as_root mkdir -p /run/sshd
  # Without -D, sshd goes into the background and writes its pid to PidFile.
  /usr/sbin/sshd -e -f "$ssh/sshd_config" 2>"$ssh/sshd.log"
  local tries=0
  until $SSH "$(whoami)@127.0.0.1" true 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 50 ] || {
      echo "error: sshd on 127.0.0.1:$PORT does not answer" >&2
      cat "$ssh/sshd.log" >&2
      return 1
    }
    sleep 0.2
  done
  echo "sshd (pid $(cat "$ssh/sshd.pid")) on 127.0.0.1:$PORT"
}

# Over ssh, 6 folders (one broken) are enough: each job costs several ssh connections, each
# running the remote account's shell start-up.
SSH_FOLDERS=6
SSH_BROKEN=run03

ssh_transfer() {
  FOLDERS=$SSH_FOLDERS BROKEN=$SSH_BROKEN
  local dir=$WORK/transfer status=0
  make_folders "$dir"
  cd "$dir"
  # Machines without a shared filesystem: each folder goes over (--transferfile, rsync), the
  # video comes back (--return), and the remote copies go (--cleanup). Two jobs on the one
  # "machine" (2/...), in a fresh working folder of parallel's own there (--workdir ...).
  # The failed job's --return has nothing to bring back, which rsync says on stderr.
  parallel --ssh "$SSH" -S "2/$(whoami)@127.0.0.1" --workdir ... \
    --transferfile {} --return {}.mp4 --cleanup --joblog joblog.tsv \
    "$FRAMEKIT" stitch {} -o {}.mp4 --json --quiet ::: run* >results.jsonl || status=$?
  [ "$status" = 1 ] || {
    echo "error: parallel exited $status, not 1 (one failed job)" >&2
    return 1
  }
  check_joblog joblog.tsv
  check_json_lines results.jsonl
  check_videos "$dir"
  # Nothing left in the remote working folders (~/.parallel/tmp/HOST-PID-SEQ), temporary
  # files included; parallel keeps only what it learnt of the machine (sshlogin/).
  local remote
  remote=$($SSH "$(whoami)@127.0.0.1" \
    'find ~/.parallel/tmp -mindepth 1 -maxdepth 1 ! -name sshlogin; find ~/.parallel -name "*.framekit-*"' \
    2>/dev/null || true)
  [ -z "$remote" ] || {
    echo "error: left on the remote side: $remote" >&2
    return 1
  }
}

ssh_shared() {
  FOLDERS=$SSH_FOLDERS BROKEN=$SSH_BROKEN
  local dir=$WORK/shared status=0
  make_folders "$dir"
  cd "$dir"
  # Machines that share a filesystem: the jobs run there, in this same folder.
  parallel --ssh "$SSH" -S "2/$(whoami)@127.0.0.1" --workdir "$dir" --joblog joblog.tsv \
    "$FRAMEKIT" stitch {} -o {}.mp4 --quiet ::: run* || status=$?
  [ "$status" = 1 ] || {
    echo "error: parallel exited $status, not 1 (one failed job)" >&2
    return 1
  }
  check_joblog joblog.tsv
  check_videos "$dir"
}

xargs_p() {
  local dir=$WORK/xargs status=0
  make_folders "$dir"
  cd "$dir"
  printf '%s\0' run* | xargs -0 -P 2 -I{} "$FRAMEKIT" stitch {} -o {}.mp4 --quiet \
    2>xargs.err || status=$?
  # xargs exits 123 when any command exited 1-125.
  [ "$status" = 123 ] || {
    echo "error: xargs exited $status, not 123" >&2
    return 1
  }
  grep -q "$BROKEN" xargs.err || {
    echo "error: the broken folder was not named: $(cat xargs.err)" >&2
    return 1
  }
  check_videos "$dir"
}

step "parallel, openssh-server, rsync; framekit" tools
step "GNU parallel -j 2 on this machine, --json as JSON Lines" local_parallel
step "sshd on localhost" start_sshd
step "GNU parallel --sshlogin with --transferfile/--return/--cleanup" ssh_transfer
step "GNU parallel --sshlogin on a shared filesystem" ssh_shared
step "stop sshd" stop_sshd
step "xargs -P 2" xargs_p
