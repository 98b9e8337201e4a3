//! simcal-render (under construction).
