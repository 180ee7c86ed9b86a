//! The calls Salus makes to Stripe, through async-stripe's client, read into lean types of
//! our own: only the fields used, optional where Stripe (or the offline stand-in,
//! localstripe) may leave them out, so neither a new Stripe field nor a missing one breaks a
//! payment. Every call that creates or moves money carries an idempotency key.

use crate::Secret;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use stripe::{Client, RequestStrategy, StripeError};

/// Where and how Salus reaches Stripe.
#[derive(Clone)]
pub struct Gateway {
    client: Client,
    api_base: String,
    pub publishable_key: String,
    pub js_url: String,
    pub webhook_secret: Secret,
}

impl std::fmt::Debug for Gateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gateway")
            .field("publishable_key", &self.publishable_key)
            .field("js_url", &self.js_url)
            .finish_non_exhaustive()
    }
}

/// A PaymentIntent, as far as Salus reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct Intent {
    pub id: String,
    pub status: String,
    pub amount: i64,
    #[serde(default)]
    pub amount_received: Option<i64>,
    #[serde(default)]
    pub client_secret: Option<String>,
    #[serde(default)]
    pub last_payment_error: Option<CardError>,
    /// An id, or the charge itself when expanded (localstripe always embeds it).
    #[serde(default)]
    pub latest_charge: Option<ChargeRef>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CardError {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ChargeRef {
    Expanded(Charge),
    Id(String),
}

#[derive(Debug, Clone, Deserialize)]
pub struct Charge {
    pub id: String,
    #[serde(default)]
    pub amount_captured: Option<i64>,
    #[serde(default)]
    pub amount_refunded: i64,
    #[serde(default)]
    pub captured: bool,
}

impl Intent {
    /// What has been taken, as far as Stripe says.
    pub fn amount_captured(&self) -> i64 {
        match (&self.latest_charge, self.amount_received) {
            (Some(ChargeRef::Expanded(charge)), _) if charge.captured => {
                charge.amount_captured.unwrap_or(self.amount)
            }
            (_, Some(received)) => received,
            _ if self.status == "succeeded" => self.amount,
            _ => 0,
        }
    }

    pub fn amount_refunded(&self) -> i64 {
        match &self.latest_charge {
            Some(ChargeRef::Expanded(charge)) => charge.amount_refunded,
            _ => 0,
        }
    }

    pub fn observed(&self) -> shared::payment::Observed {
        shared::payment::Observed {
            intent_status: self.status.clone(),
            amount: self.amount,
            amount_received: self.amount_captured(),
            amount_refunded: self.amount_refunded(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Refund {
    pub id: String,
    pub amount: i64,
    #[serde(default)]
    pub status: Option<String>,
}

/// Why a Stripe call failed, in the terms Salus acts on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// The card was refused: shown to the patient, who may try another.
    #[error("card refused: {message}")]
    Declined { code: String, message: String },
    /// Stripe refused the request itself (a wrong state, say).
    #[error("refused by Stripe ({status}): {message}")]
    Refused { status: u16, message: String },
    /// Stripe could not be reached or answered nonsense: worth retrying later.
    #[error("Stripe unavailable: {0}")]
    Unavailable(String),
}

impl From<StripeError> for GatewayError {
    fn from(error: StripeError) -> Self {
        match error {
            StripeError::Stripe(request) => {
                let message = request.message.clone().unwrap_or_default();
                let code = request
                    .code
                    .map(|c| {
                        serde_json::to_value(c)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default()
                    })
                    .unwrap_or_default();
                if request.http_status == 402
                    || matches!(request.error_type, stripe::ErrorType::Card)
                {
                    GatewayError::Declined { code, message }
                } else if request.http_status >= 500 || request.http_status == 0 {
                    GatewayError::Unavailable(message)
                } else {
                    GatewayError::Refused {
                        status: request.http_status,
                        message,
                    }
                }
            }
            other => GatewayError::Unavailable(other.to_string()),
        }
    }
}

#[derive(Serialize)]
struct CreateIntent<'a> {
    amount: i64,
    currency: String,
    capture_method: &'static str,
    #[serde(rename = "payment_method_types")]
    method_types: [&'static str; 1],
    /// Our ids and a description (in metadata: localstripe has no `description` field).
    metadata: BTreeMap<&'a str, String>,
}

impl Gateway {
    /// `api_base` is Stripe's root URL (`https://api.stripe.com/`, or localstripe's).
    pub fn new(
        api_base: &str,
        secret_key: &str,
        publishable_key: &str,
        js_url: &str,
        webhook_secret: Secret,
    ) -> Self {
        Self {
            client: Client::from_url(api_base, secret_key),
            api_base: api_base.to_owned(),
            publishable_key: publishable_key.to_owned(),
            js_url: js_url.to_owned(),
            webhook_secret,
        }
    }

    /// The origins the payment page's Content-Security-Policy must allow.
    pub fn origins(&self) -> Option<crate::security::PaymentOrigins> {
        crate::security::PaymentOrigins::new(&self.js_url, &self.api_base)
    }

    fn idempotent(&self, key: String) -> Client {
        self.client
            .clone()
            .with_strategy(RequestStrategy::Idempotent(key))
    }

    /// A PaymentIntent to authorise now and capture on confirmation.
    pub async fn create_intent(
        &self,
        amount: i64,
        currency: &str,
        description: &str,
        metadata: BTreeMap<&'static str, String>,
        idempotency_key: String,
    ) -> Result<Intent, GatewayError> {
        let mut metadata: BTreeMap<&str, String> = metadata.into_iter().collect();
        metadata.insert("description", description.to_owned());
        let form = CreateIntent {
            amount,
            currency: currency.to_ascii_lowercase(),
            capture_method: "manual",
            method_types: ["card"],
            metadata,
        };
        Ok(self
            .idempotent(idempotency_key)
            .post_form("payment_intents", form)
            .await?)
    }

    /// The PaymentIntent as Stripe knows it now, with its charge.
    pub async fn retrieve(&self, id: &str) -> Result<Intent, GatewayError> {
        let query: BTreeMap<&str, &str> = BTreeMap::from([("expand[]", "latest_charge")]);
        match self
            .client
            .get_query(&format!("payment_intents/{id}"), &query)
            .await
        {
            Ok(intent) => Ok(intent),
            // localstripe embeds the charge anyway and may refuse the parameter.
            Err(StripeError::Stripe(request)) if request.http_status == 400 => {
                Ok(self.client.get(&format!("payment_intents/{id}")).await?)
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Sets the card the patient's browser tokenised, then confirms: the answer is
    /// `requires_capture` (authorised), `requires_action` (3-D Secure in the browser) or a
    /// decline.
    pub async fn pay_with(
        &self,
        id: &str,
        payment_method: &str,
        attempt: i64,
    ) -> Result<Intent, GatewayError> {
        let form: BTreeMap<&str, &str> = BTreeMap::from([("payment_method", payment_method)]);
        let _: Intent = self
            .idempotent(format!("{id}-method-{attempt}"))
            .post_form(&format!("payment_intents/{id}"), form)
            .await?;
        let empty: BTreeMap<&str, &str> = BTreeMap::new();
        Ok(self
            .idempotent(format!("{id}-confirm-{attempt}"))
            .post_form(&format!("payment_intents/{id}/confirm"), empty)
            .await?)
    }

    pub async fn capture(&self, id: &str) -> Result<Intent, GatewayError> {
        let empty: BTreeMap<&str, &str> = BTreeMap::new();
        Ok(self
            .idempotent(format!("{id}-capture"))
            .post_form(&format!("payment_intents/{id}/capture"), empty)
            .await?)
    }

    /// Cancels an intent that was not captured: an authorisation is released.
    pub async fn cancel(&self, id: &str) -> Result<Intent, GatewayError> {
        let empty: BTreeMap<&str, &str> = BTreeMap::new();
        Ok(self
            .idempotent(format!("{id}-cancel"))
            .post_form(&format!("payment_intents/{id}/cancel"), empty)
            .await?)
    }

    /// Refunds `amount` of a captured intent; `sequence` tells refunds of one intent apart.
    pub async fn refund(
        &self,
        id: &str,
        amount: i64,
        sequence: i64,
    ) -> Result<Refund, GatewayError> {
        let amount_text = amount.to_string();
        let form: BTreeMap<&str, &str> =
            BTreeMap::from([("payment_intent", id), ("amount", amount_text.as_str())]);
        Ok(self
            .idempotent(format!("{id}-refund-{sequence}-{amount}"))
            .post_form("refunds", form)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_intent_from_localstripe_reads_with_its_embedded_charge() {
        let json = serde_json::json!({
            "id": "pi_1", "status": "succeeded", "amount": 5000, "object": "payment_intent",
            "latest_charge": {"id": "ch_1", "amount_refunded": 2500, "captured": true, "object": "charge"},
            "client_secret": "pi_1_secret_x"
        });
        let intent: Intent = serde_json::from_value(json).unwrap();
        assert_eq!(intent.amount_captured(), 5000);
        assert_eq!(intent.amount_refunded(), 2500);
        assert_eq!(
            shared::payment::advance(shared::PaymentStatus::Captured, &intent.observed()),
            Some(shared::PaymentStatus::PartiallyRefunded)
        );
    }

    #[test]
    fn an_intent_from_stripe_reads_with_a_charge_id_and_unknown_fields() {
        let json = serde_json::json!({
            "id": "pi_2", "status": "requires_capture", "amount": 4000, "amount_received": 0,
            "latest_charge": "ch_2", "new_field_from_2030": {"nested": true},
            "last_payment_error": null
        });
        let intent: Intent = serde_json::from_value(json).unwrap();
        assert_eq!(intent.amount_captured(), 0);
        assert!(matches!(intent.latest_charge, Some(ChargeRef::Id(_))));
    }
}
