//! Server functions, grouped by domain. Each one is a few lines: who is calling, parse the
//! input, call the backend service, return.

pub mod clinics;
