//! How a run's failures are judged: which process is blamed when several failed.

use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;

use super::*;

fn failed(tail: &str) -> Ended {
    Ended {
        exit: Exit {
            status: ExitStatus::from_raw(1 << 8),
            stopped: false,
        },
        tail: vec![tail.to_string()],
        fed: None,
    }
}

fn ran(ends: Vec<Ended>) -> Ran {
    Ran {
        ends,
        relayed: None,
        relayed_frames: 0,
        progress: Finished::default(),
        stdout_bytes: 0,
    }
}

fn said(ran: Ran) -> String {
    let error = ran.into_result(0).unwrap_err();
    error.downcast::<FfmpegFailed>().unwrap().tail.join("\n")
}

#[test]
fn the_process_that_failed_on_its_own_is_blamed_not_the_one_it_cut_off() {
    // A decoder that lost its encoder: the encoder's failure is the cause.
    let chain = ran(vec![
        failed("av_interleaved_write_frame(): Broken pipe"),
        failed("No space left on device"),
    ]);
    assert_eq!(said(chain), "No space left on device");
    // Both failed on their own: the first, which the second then saw cut short.
    let chain = ran(vec![failed("Invalid data found"), failed("Broken pipe")]);
    assert_eq!(said(chain), "Invalid data found");
    // A process framekit stopped is never the cause.
    let mut stopped = failed("Killed");
    stopped.exit.stopped = true;
    let chain = ran(vec![stopped, failed("Unknown encoder 'x'")]);
    assert_eq!(said(chain), "Unknown encoder 'x'");
}
