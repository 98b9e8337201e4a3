//! simcal-dataset (under construction).
