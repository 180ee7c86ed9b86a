//! Outgoing email. Every message is written to the `mail_outbox` table first; with SMTP
//! configured (`SALUS_SMTP_URL`) it is then sent through lettre and the outcome recorded.
//! Without SMTP the outbox is all there is, and a development-only page lists it, so every
//! flow (verification, reset, invitations) works on a laptop with no mail server.

use crate::clock::Clock;
use crate::db::Db;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use shared::email::OutboxMail;
use shared::error::AppError;
use shared::{Email, Language};

/// One email, already written in its recipient's language.
/// Whom an email goes to: address, first name and language (accounts answers it).
#[derive(Debug, Clone)]
pub struct Recipient {
    pub email: Email,
    pub first_name: String,
    pub language: Language,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub to: Email,
    pub language: Language,
    pub subject: String,
    pub body: String,
}

/// A file sent with a letter (the calendar entry of an appointment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: &'static str,
    pub body: String,
}

#[derive(Clone)]
pub struct Mailer {
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error(
        "SALUS_SMTP_URL is not a valid SMTP URL (smtp://user:password@host:587 or smtps://…): {0}"
    )]
    SmtpUrl(String),
    #[error("SALUS_MAIL_FROM is not a valid mailbox like `Salus <no-reply@example.org>`: {0}")]
    From(String),
}

impl Mailer {
    /// `smtp_url` as lettre reads it: `smtp://user:pass@host:587?tls=required`, `smtps://…`.
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Self, MailerError> {
        let from: Mailbox = from
            .parse()
            .map_err(|e: lettre::address::AddressError| MailerError::From(e.to_string()))?;
        let smtp = smtp_url
            .map(|url| {
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map(|builder| builder.build())
                    .map_err(|e| MailerError::SmtpUrl(e.to_string()))
            })
            .transpose()?;
        Ok(Self { smtp, from })
    }

    pub fn sends_smtp(&self) -> bool {
        self.smtp.is_some()
    }

    /// Records the letter and, with SMTP, sends it in the background. Delivery never delays
    /// or fails the user's request, which must answer alike whether or not an email went out
    /// (sign-up and reset reveal nothing, not even through timing). A failure is logged and
    /// kept in the outbox with its error.
    pub async fn send(&self, db: &Db, letter: Letter, clock: &Clock) -> Result<(), AppError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO mail_outbox (recipient, subject, body, language, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(letter.to.as_str())
        .bind(&letter.subject)
        .bind(&letter.body)
        .bind(letter.language.code())
        .bind(clock.now_unix())
        .fetch_one(&db.pool)
        .await?;
        let Some(smtp) = self.smtp.clone() else {
            let _ = count_email(Ok(()), false);
            return Ok(());
        };
        let message = self.message(&letter);
        let db = db.clone();
        let clock = clock.clone();
        tokio::spawn(async move {
            let outcome = match message {
                Ok(message) => smtp
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                Err(error) => Err(error),
            };
            let outcome = count_email(outcome, true);
            if let Err(error) = record_delivery(&db, id, outcome, clock.now_unix()).await {
                tracing::error!(outbox_id = id, %error, "could not record an email's delivery");
            }
        });
        Ok(())
    }

    /// Sends the letter now and says how it went, for a job that retries on failure (the
    /// notifications). Without SMTP the letter is written to the outbox, which counts as sent.
    pub async fn deliver(
        &self,
        db: &Db,
        letter: &Letter,
        attachment: Option<&Attachment>,
        notification: Option<i64>,
        now: i64,
    ) -> Result<(), String> {
        let outcome = async {
            let Some(smtp) = &self.smtp else {
                sqlx::query(
                    "INSERT INTO mail_outbox (recipient, subject, body, language, created_at, \
                 sent_at, notification_id) VALUES ($1, $2, $3, $4, $5, $5, $6)",
                )
                .bind(letter.to.as_str())
                .bind(&letter.subject)
                .bind(&letter.body)
                .bind(letter.language.code())
                .bind(now)
                .bind(notification)
                .execute(&db.pool)
                .await
                .map_err(|e| e.to_string())?;
                return Ok(());
            };
            let message = self.message_with(letter, attachment)?;
            smtp.send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
        .await;
        count_email(outcome, self.smtp.is_some())
    }

    fn message(&self, letter: &Letter) -> Result<Message, String> {
        self.message_with(letter, None)
    }

    fn message_with(
        &self,
        letter: &Letter,
        attachment: Option<&Attachment>,
    ) -> Result<Message, String> {
        use lettre::message::header::ContentType;
        use lettre::message::{MultiPart, SinglePart};
        let to: Mailbox = letter
            .to
            .as_str()
            .parse()
            .map_err(|e: lettre::address::AddressError| e.to_string())?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject.clone());
        match attachment {
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(letter.body.clone()),
            Some(file) => {
                let content_type =
                    ContentType::parse(file.content_type).map_err(|e| e.to_string())?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(letter.body.clone()))
                        .singlepart(
                            lettre::message::Attachment::new(file.file_name.clone())
                                .body(file.body.clone(), content_type),
                        ),
                )
            }
        }
        .map_err(|e| e.to_string())
    }
}

/// Counts an email's delivery for the operators' metrics (`emails_total{outcome}`: `sent`
/// or `failed` through SMTP, `outbox` when written without SMTP) and hands the outcome back.
fn count_email(outcome: Result<(), String>, via_smtp: bool) -> Result<(), String> {
    let label = match (&outcome, via_smtp) {
        (Ok(()), true) => "sent",
        (Ok(()), false) => "outbox",
        (Err(_), _) => "failed",
    };
    metrics::counter!("emails_total", "outcome" => label).increment(1);
    outcome
}

/// Notes how a delivery went. A sent email's body is blanked: it may hold a live reset or
/// invitation link, which must not outlive its delivery in the database.
async fn record_delivery(
    db: &Db,
    id: i64,
    outcome: Result<(), String>,
    now: i64,
) -> Result<(), AppError> {
    match outcome {
        Ok(()) => {
            sqlx::query(
                "UPDATE mail_outbox SET attempts = attempts + 1, sent_at = $1, last_error = NULL, \
                 body = '' WHERE id = $2",
            )
            .bind(now)
            .bind(id)
            .execute(&db.pool)
            .await?;
        }
        Err(error) => {
            tracing::warn!(outbox_id = id, %error, "email delivery failed");
            sqlx::query(
                "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $1 WHERE id = $2",
            )
            .bind(error)
            .bind(id)
            .execute(&db.pool)
            .await?;
        }
    }
    Ok(())
}

/// The newest messages first, as the development outbox page shows them.
pub async fn outbox(db: &Db, limit: i64) -> Result<Vec<OutboxMail>, AppError> {
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        i64,
        Option<i64>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, recipient, subject, body, language, created_at, sent_at, last_error \
         FROM mail_outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, recipient, subject, body, language, created_at, sent_at, error)| OutboxMail {
                id,
                recipient,
                subject,
                body,
                language,
                created_at,
                sent: sent_at.is_some(),
                error,
            },
        )
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mailer_needs_a_valid_sender_and_smtp_url() {
        assert!(Mailer::new(None, "Salus <no-reply@salus.test>").is_ok());
        assert!(!Mailer::new(None, "Salus <no-reply@salus.test>")
            .unwrap()
            .sends_smtp());
        assert!(matches!(
            Mailer::new(None, "not an address"),
            Err(MailerError::From(_))
        ));
        assert!(matches!(
            Mailer::new(Some("ftp://nope"), "no-reply@salus.test"),
            Err(MailerError::SmtpUrl(_))
        ));
        assert!(
            Mailer::new(Some("smtp://127.0.0.1:2525"), "no-reply@salus.test")
                .unwrap()
                .sends_smtp()
        );
    }
}
