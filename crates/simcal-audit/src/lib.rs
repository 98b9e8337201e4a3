//! simcal-audit (under construction).
