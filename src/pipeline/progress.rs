//! One indicatif progress bar per stage, with counts and ETA.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bars of one run; hidden when progress is off.
#[derive(Clone)]
pub(crate) struct StageBars {
    multi: MultiProgress,
}

impl StageBars {
    pub(crate) fn new(show: bool) -> Self {
        let target = if show {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Self {
            multi: MultiProgress::with_draw_target(target),
        }
    }

    /// Adds a bar for a stage of `total` items.
    pub(crate) fn stage(&self, name: &str, total: usize) -> ProgressBar {
        let bar = self.multi.add(ProgressBar::new(total as u64));
        // The template is a constant, so parsing it cannot fail at run time;
        // the default style is the fallback all the same.
        let style =
            ProgressStyle::with_template("{prefix:>20} [{bar:30}] {pos}/{len} {per_sec} ETA {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(name.to_owned());
        bar
    }
}
