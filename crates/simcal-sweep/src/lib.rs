//! simcal-sweep (under construction).
