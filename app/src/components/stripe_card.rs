//! Stripe.js's card field, driven from the browser's WASM. The card number never reaches
//! Salus: Stripe.js turns it into a payment method id, which the server then charges. Works
//! with real Stripe.js and with localstripe's stand-in (which only knows `createToken`).

#[cfg(feature = "hydrate")]
mod browser {
    use js_sys::{Function, Object, Promise, Reflect};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    fn get(target: &JsValue, key: &str) -> JsValue {
        Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
        let function: Function = get(target, method)
            .dyn_into()
            .map_err(|_| format!("Stripe.js has no {method}"))?;
        let args: js_sys::Array = args.iter().collect();
        function
            .apply(target, &args)
            .map_err(|e| format!("{method} failed: {e:?}"))
    }

    async fn settle(value: JsValue) -> Result<JsValue, String> {
        match value.dyn_into::<Promise>() {
            Ok(promise) => JsFuture::from(promise).await.map_err(|e| format!("{e:?}")),
            Err(value) => Ok(value),
        }
    }

    fn error_message(result: &JsValue) -> Option<String> {
        let error = get(result, "error");
        if error.is_undefined() || error.is_null() {
            return None;
        }
        Some(
            get(&error, "message")
                .as_string()
                .unwrap_or_else(|| "The card was refused.".into()),
        )
    }

    /// Loads Stripe.js once (the page's Content-Security-Policy allows its origin).
    pub async fn load(url: &str) -> Result<(), String> {
        let window = web_sys::window().ok_or("no window")?;
        if !get(&window, "Stripe").is_undefined() {
            return Ok(());
        }
        let document = window.document().ok_or("no document")?;
        let script: web_sys::HtmlScriptElement = document
            .create_element("script")
            .map_err(|e| format!("{e:?}"))?
            .dyn_into()
            .map_err(|_| "not a script element")?;
        script.set_src(url);
        let loaded = Promise::new(&mut |resolve, reject| {
            script.set_onload(Some(&resolve));
            script.set_onerror(Some(&reject));
        });
        document
            .head()
            .ok_or("no head")?
            .append_child(&script)
            .map_err(|e| format!("{e:?}"))?;
        JsFuture::from(loaded)
            .await
            .map_err(|_| "Stripe.js could not be loaded".to_owned())?;
        Ok(())
    }

    /// A mounted card field (cheap to clone: handles to the same Stripe.js objects).
    #[derive(Clone)]
    pub struct Card {
        stripe: JsValue,
        card: JsValue,
    }

    impl Card {
        pub fn mount(publishable_key: &str, selector: &str) -> Result<Card, String> {
            let window = web_sys::window().ok_or("no window")?;
            let constructor: Function = get(&window, "Stripe")
                .dyn_into()
                .map_err(|_| "Stripe.js is not loaded")?;
            let stripe = constructor
                .call1(&JsValue::NULL, &JsValue::from_str(publishable_key))
                .map_err(|e| format!("{e:?}"))?;
            let elements = call(&stripe, "elements", &[])?;
            let card = call(&elements, "create", &[JsValue::from_str("card")])?;
            call(&card, "mount", &[JsValue::from_str(selector)])?;
            Ok(Card { stripe, card })
        }

        /// The card as a payment method id (`pm_…`; a token's `card_…` with localstripe).
        pub async fn payment_method(&self) -> Result<String, String> {
            let details = Object::new();
            Reflect::set(&details, &"type".into(), &"card".into()).map_err(|e| format!("{e:?}"))?;
            Reflect::set(&details, &"card".into(), &self.card).map_err(|e| format!("{e:?}"))?;
            let created = settle(call(
                &self.stripe,
                "createPaymentMethod",
                &[details.into()],
            )?)
            .await?;
            if !created.is_undefined() && !created.is_null() {
                if let Some(message) = error_message(&created) {
                    return Err(message);
                }
                if let Some(id) = get(&get(&created, "paymentMethod"), "id").as_string() {
                    return Ok(id);
                }
            }
            let token = settle(call(
                &self.stripe,
                "createToken",
                std::slice::from_ref(&self.card),
            )?)
            .await?;
            if let Some(message) = error_message(&token) {
                return Err(message);
            }
            get(&get(&get(&token, "token"), "card"), "id")
                .as_string()
                .ok_or_else(|| "Stripe.js gave no card".to_owned())
        }

        /// Lets the bank check the patient (3-D Secure) for the payment behind `client_secret`.
        pub async fn authenticate(&self, client_secret: &str) -> Result<(), String> {
            let result = settle(call(
                &self.stripe,
                "confirmCardPayment",
                &[JsValue::from_str(client_secret)],
            )?)
            .await?;
            match error_message(&result) {
                Some(message) => Err(message),
                None => Ok(()),
            }
        }
    }
}

#[cfg(feature = "hydrate")]
pub use browser::{load, Card};
