//! A doctor as the directory shows them: photo, name, specialty, where, price, rating and the
//! soonest free slot. Also the small pieces the doctor's page reuses.

use crate::components::dates::short_day;
use crate::components::language::language_of;
use crate::i18n::*;
use leptos::prelude::*;
use shared::{DoctorCard, LocalSlot, Money, PaymentMode, RatingSummary};

/// Initials for a doctor without a photo: "Karim Ben Ali" → "KB".
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .take(2)
        .collect()
}

/// The photo, or the initials in a circle.
#[component]
pub fn DoctorAvatar(
    name: String,
    photo_url: Option<String>,
    #[prop(default = 64)] size: u32,
) -> impl IntoView {
    match photo_url {
        Some(url) => view! {
            <img class="avatar" src=url alt="" width=size height=size loading="lazy" />
        }
        .into_any(),
        None => view! {
            <span class="avatar avatar-initials" aria-hidden="true">{initials(&name)}</span>
        }
        .into_any(),
    }
}

/// "★ 4.6 (12 ratings)", or nothing before the first rating.
#[component]
pub fn RatingBadge(rating: Option<RatingSummary>) -> impl IntoView {
    let i18n = use_i18n();
    rating.map(|rating| {
        let text = move || {
            let language = language_of(i18n.get_locale());
            let average = rating.average_text(language);
            let count = rating.count;
            if language.singular(count) {
                t_string!(
                    i18n,
                    doctors.rating_single,
                    average = average,
                    count = count
                )
                .to_string()
            } else {
                t_string!(i18n, doctors.rating, average = average, count = count).to_string()
            }
        };
        view! { <p class="rating"><span aria-hidden="true">"★ "</span>{text}</p> }
    })
}

/// The price and how it is paid.
#[component]
pub fn PriceLine(price: Option<Money>, payment_mode: PaymentMode) -> impl IntoView {
    let i18n = use_i18n();
    price.map(|price| {
        let amount = move || price.display(language_of(i18n.get_locale()));
        let how = move || match payment_mode {
            PaymentMode::Online => t_string!(i18n, doctors.pay_online).to_string(),
            PaymentMode::AtVisit => t_string!(i18n, doctors.pay_at_visit).to_string(),
        };
        view! { <p class="price"><strong>{amount}</strong> " · " <span class="muted">{how}</span></p> }
    })
}

/// "Tue 24 Nov, 09:30" in the clinic's time.
pub fn slot_text(language: shared::Language, slot: &LocalSlot) -> String {
    format!("{}, {}", short_day(language, slot.date), slot.time)
}

#[component]
pub fn DoctorCardView(card: DoctorCard) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/doctors/{}", card.id.0);
    let specialty = card.specialty.clone();
    let specialty_name = move || specialty.name(language_of(i18n.get_locale())).to_owned();
    let next_free = card.next_free.clone();
    let next_href = next_free
        .as_ref()
        .map(|slot| format!("{href}?from={}#slots", slot.date))
        .unwrap_or_else(|| format!("{href}#slots"));
    let availability = move || match &next_free {
        Some(slot) => {
            let when = slot_text(language_of(i18n.get_locale()), slot);
            t_string!(i18n, doctors.next_free, when = when).to_string()
        }
        None => t_string!(i18n, doctors.no_free_slot).to_string(),
    };
    let has_slot = card.next_free.is_some();
    view! {
        <li class="card doctor-card">
            <DoctorAvatar name=card.name.clone() photo_url=card.photo_url.clone() />
            <div class="doctor-card-body">
                <h2><a href=href.clone()>{card.name.clone()}</a></h2>
                <p class="specialty">{specialty_name}</p>
                <p class="muted">{card.clinic_name.clone()} " · " {card.city.clone()}</p>
                <PriceLine price=card.price payment_mode=card.payment_mode />
                <RatingBadge rating=card.rating />
                <p class="next-free" class:next-free-none=!has_slot>
                    <a href=next_href>{availability}</a>
                </p>
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_take_the_first_two_words() {
        assert_eq!(initials("Karim Ben Ali"), "KB");
        assert_eq!(initials("Leïla"), "L");
        assert_eq!(initials(""), "");
    }
}
