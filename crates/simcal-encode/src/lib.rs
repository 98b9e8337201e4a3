//! simcal-encode (under construction).
