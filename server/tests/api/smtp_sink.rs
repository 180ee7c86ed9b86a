//! A real SMTP server for the email tests: aiosmtpd (PyPI, installed by scripts/setup.sh
//! beside localstripe) writing every message it accepts to a maildir.

use mail_parser::MimeHeaders;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct SmtpSink {
    child: Child,
    pub port: u16,
    maildir: PathBuf,
}

/// A message as received: its recipient, subject, text and calendar attachment.
#[derive(Debug)]
pub struct Received {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub calendar: Option<(String, String)>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free local port")
        .port()
}

fn python() -> PathBuf {
    let tools = std::env::var("SALUS_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").expect("HOME is set")).join(".cache/salus")
        });
    tools.join("localstripe/bin/python")
}

impl SmtpSink {
    pub async fn start() -> Self {
        let port = free_port();
        let maildir =
            std::env::temp_dir().join(format!("salus-mail-{}", uuid::Uuid::new_v4().simple()));
        let child = Command::new(python())
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd runs (scripts/setup.sh installs it)");
        let sink = Self {
            child,
            port,
            maildir,
        };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return sink;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("aiosmtpd did not listen on port {port}");
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<Received> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        paths
            .iter()
            .filter_map(|path| std::fs::read(path).ok())
            .filter_map(|raw| parse(&raw))
            .collect()
    }

    /// Waits until `count` messages to `to` have arrived, and returns them.
    pub async fn wait_for(&self, to: &str, count: usize) -> Vec<Received> {
        for _ in 0..150 {
            let mine: Vec<Received> = self.messages().into_iter().filter(|m| m.to == to).collect();
            if mine.len() >= count {
                return mine;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "{count} message(s) to {to} within 15 s; received: {:?}",
            self.messages()
        );
    }
}

fn parse(raw: &[u8]) -> Option<Received> {
    let message = mail_parser::MessageParser::default().parse(raw)?;
    let to = message
        .to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())?
        .to_owned();
    let calendar = message.attachments().find_map(|part| {
        let kind = part.content_type()?;
        (kind.ctype() == "text" && kind.subtype() == Some("calendar")).then(|| {
            (
                part.attachment_name().unwrap_or_default().to_owned(),
                String::from_utf8_lossy(part.contents()).into_owned(),
            )
        })
    });
    Some(Received {
        to,
        subject: message.subject().unwrap_or_default().to_owned(),
        text: message.body_text(0).unwrap_or_default().into_owned(),
        calendar,
    })
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}
