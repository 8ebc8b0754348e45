//! The examples `--help` shows after the options. The exit codes come from `error::exit`.

pub const STITCH_EXAMPLES: &str = "\
Examples:
  framekit stitch ./frames
      every *.png in ./frames (every JPEG, in a folder without PNG), in byte order of their
      names, at 25 fps, into ./frames.mp4
  framekit stitch ./frames -o movie.mp4
      the same frames into movie.mp4
  framekit stitch ./plots -o training.mp4 --sort natural --fps 10
      plot_2.png before plot_10.png
  framekit stitch ./frames -o preview.gif --fps 12
      a small GIF: each frame its own palette, only what changed
  framekit stitch ./camera -o timelapse.mp4 --glob '*.jpg' --fps 30
      a timelapse from JPEG photos (IMG_0001.JPG too: --glob ignores case)
  framekit stitch ./camera -o timelapse.mp4 --label '{date}' --label-at bottom-right
      each photo's date and time drawn in its corner (framekit brings its own font)
  framekit stitch ./frames -o clip.mp4 --audio music.mp3
      with a soundtrack, cut or padded with silence to the video's length
  framekit stitch ./frames -o movie.mp4 --dry-run
      print the equivalent ffmpeg command instead of running it
  framekit stitch ./frames -o loop.gif --bounce
      forward then backward, the turning frames shown once
  framekit stitch truth prediction -o compare.mp4
      frame i of each folder side by side, each titled with its folder's name
  for d in runs/*/; do framekit stitch \"$d\" --quiet || echo \"failed: $d\"; done
      one video per folder, runs/a.mp4 beside runs/a and so on, from a script";

pub const SPLIT_EXAMPLES: &str = "\
Examples:
  framekit split movie.mp4 ./out
      every frame, as out/img_00001.png, out/img_00002.png, ...
  framekit split movie.mp4 ./out --start 1:30 --end 1:45 --format jpg
      fifteen seconds of JPEG frames
  framekit split movie.mp4 ./out --fps 1 --manifest
      one frame a second, plus out/frames.csv with each frame's timestamp
  framekit split movie.mp4 ./out --every 10 --format jpg
      every tenth frame, as JPEG
  framekit split movie.mp4 ./out --count 100 --width 512 --manifest
      100 frames spread evenly over the video, 512 pixels wide (seeks where they are far apart)
  framekit split movie.mp4 ./out --at 0:12,1:30.5 --manifest
      the frame at (or just after) each time, in the order given
  framekit split movie.mp4 ./thumbs --keyframes --format jpg
      the key frames only, without decoding the others
  framekit stitch ./frames -o exact.mkv --lossless && framekit split exact.mkv ./back
      a lossless round trip: ./back holds the same pixels as ./frames
  for v in *.mp4; do framekit split \"$v\" \"frames/${v%.mp4}\" --quiet; done
      frames of many videos, from a script";

pub const SHEET_EXAMPLES: &str = "\
Examples:
  framekit sheet movie.mp4 -o sheet.jpg
      16 frames spread evenly over the video (the frames split --count 16 picks), 4x4,
      each captioned with its time, under a header with the video's facts
  framekit sheet movie.mp4 -o sheet.png --grid 6x3 --width 2400
      18 frames in 6 columns, on a sheet 2400 pixels wide
  framekit sheet ./frames -o overview.webp --sort natural
      16 of the folder's frames, first and evenly spread, each captioned with its name
  framekit sheet movie.mp4 -o sheet.jpg --dry-run
      print the ffmpeg commands, and what framekit draws itself";

pub const TOP_EXAMPLES: &str = "\
Examples:
  framekit stitch ./frames -o movie.mp4      a folder of PNGs into a playable video
  framekit split movie.mp4 ./out             a video into out/img_00001.png, ...
  framekit sheet movie.mp4 -o sheet.jpg      a contact sheet: 4x4 frames with their times
  framekit stitch --help                     more examples: GIFs, timelapses, soundtracks";
