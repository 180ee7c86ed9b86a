//! Notify: who is told of what happened to an appointment (`notices`: the bell, reminders and
//! the email of each notice), the letters in the reader's language (`letters`), and the mail
//! itself (`mail`: the outbox and SMTP). Other domains write a notice in their transaction or
//! ask for a letter; notify reads no appointment itself (the worker hands it the visit).

pub mod letters;
pub mod mail;
pub mod notices;
