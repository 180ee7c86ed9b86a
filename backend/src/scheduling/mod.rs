//! Scheduling: a doctor's weekly hours and time off (`availability` to edit them, `schedule`
//! to read them), the free slots they leave (`free_slots`), and the directory's "next free
//! slot" cache that follows both. Booking asks this domain which slots are free; scheduling
//! reads appointments only as busy times.

pub mod availability;
pub mod free_slots;
pub mod schedule;
