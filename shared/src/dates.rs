//! Dates as people read them, in English or French: "Tue 24 Nov", "Tuesday 24 November 2026".
//! Times arrive already written in the clinic's zone (`LocalSlot::time`), so the browser never
//! converts time zones itself.

use crate::Language;
use chrono::{Datelike, NaiveDate};

const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const WEEKDAYS_FR: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn weekday_name(language: Language, date: NaiveDate) -> &'static str {
    let index = date.weekday().num_days_from_monday() as usize;
    match language {
        Language::En => WEEKDAYS_EN[index],
        Language::Fr => WEEKDAYS_FR[index],
    }
}

fn month_name(language: Language, month: u32) -> &'static str {
    let index = (month.clamp(1, 12) - 1) as usize;
    match language {
        Language::En => MONTHS_EN[index],
        Language::Fr => MONTHS_FR[index],
    }
}

/// The first `n` characters of a name ("Tue", "mar.").
fn short(name: &str, language: Language) -> String {
    let cut: String = name.chars().take(3).collect();
    match language {
        Language::En => cut,
        Language::Fr if name.chars().count() > 4 => format!("{cut}."),
        Language::Fr => name.to_owned(),
    }
}

/// "Tue 24 Nov" / "mar. 24 nov."
pub fn short_day(language: Language, date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        short(weekday_name(language, date), language),
        date.day(),
        short(month_name(language, date.month()), language)
    )
}

/// "Tuesday 24 November 2026" / "mardi 24 novembre 2026"
pub fn long_day(language: Language, date: NaiveDate) -> String {
    format!(
        "{} {} {} {}",
        weekday_name(language, date),
        date.day(),
        month_name(language, date.month()),
        date.year()
    )
}

/// "Tuesday 24 November" / "mardi 24 novembre"
pub fn day_and_month(language: Language, date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        weekday_name(language, date),
        date.day(),
        month_name(language, date.month())
    )
}

/// "November 2026" / "novembre 2026"
pub fn month_and_year(language: Language, date: NaiveDate) -> String {
    format!("{} {}", month_name(language, date.month()), date.year())
}

/// A weekday's full name, Monday being 0.
pub fn weekday_by_index(language: Language, index: usize) -> &'static str {
    let names = match language {
        Language::En => WEEKDAYS_EN,
        Language::Fr => WEEKDAYS_FR,
    };
    names[index.min(6)]
}

/// The short weekday names from Monday, for a month grid's header.
pub fn weekday_initials(language: Language) -> Vec<String> {
    let names = match language {
        Language::En => WEEKDAYS_EN,
        Language::Fr => WEEKDAYS_FR,
    };
    names.iter().map(|name| short(name, language)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn days_read_naturally_in_both_languages() {
        let date = day("2026-11-24");
        assert_eq!(short_day(Language::En, date), "Tue 24 Nov");
        assert_eq!(short_day(Language::Fr, date), "mar. 24 nov.");
        assert_eq!(long_day(Language::En, date), "Tuesday 24 November 2026");
        assert_eq!(long_day(Language::Fr, date), "mardi 24 novembre 2026");
        assert_eq!(short_day(Language::Fr, day("2026-05-03")), "dim. 3 mai");
        assert_eq!(month_and_year(Language::Fr, date), "novembre 2026");
        assert_eq!(weekday_initials(Language::En)[6], "Sun");
    }
}
