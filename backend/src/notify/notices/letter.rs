//! The words of appointment notifications, in the recipient's language, with the time in the
//! clinic's zone.

use crate::notify::letters::{greeting, signature, Text};
use shared::dates::long_day;
use shared::notification::NoticeKind;
use shared::{Language, LocalSlot, LocalTime};

/// What one notification email tells.
pub struct Notice<'a> {
    pub kind: NoticeKind,
    /// The recipient is the visit's doctor (they read about their patient).
    pub to_doctor: bool,
    pub name: &'a str,
    /// The other side: the doctor for a patient, the patient for the doctor.
    pub other: &'a str,
    pub visit: &'a LocalSlot,
    pub time_zone: &'a str,
    pub clinic: &'a str,
    pub address: &'a str,
    /// Why it was refused or cancelled, when someone said.
    pub reason: Option<&'a str>,
    pub link: &'a str,
    /// The doctor's page, where the patient books again.
    pub rebook: &'a str,
    /// The visit is paid online (a request's card is authorised, not charged).
    pub paid_online: bool,
    /// For a request or a proposed time: when the doctor's answer is due.
    pub answer_by: Option<&'a LocalTime>,
    /// The number to call about the visit, or empty.
    pub phone: &'a str,
}

/// A zone's city, as people say it: "Africa/Tunis" → "Tunis".
fn zone_city(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

/// The subject and the sentence saying what happened.
fn headline(language: Language, notice: &Notice<'_>) -> (String, String) {
    use NoticeKind as K;
    let other = notice.other;
    let day = long_day(language, notice.visit.date);
    let time = &notice.visit.time;
    let by = notice
        .answer_by
        .map(|t| format!("{} {}", long_day(language, t.date), t.time));
    match language {
        Language::En => {
            let when = format!("{day} at {time}");
            let by = by.map(|by| format!(" by {by}")).unwrap_or_default();
            match (notice.kind, notice.to_doctor) {
                (K::Requested, true) => (
                    format!("New appointment request from {other}"),
                    format!("{other} asked for an appointment on {when}. Please accept or refuse it{by}; without an answer it expires."),
                ),
                (K::Requested, false) => (
                    format!("Appointment requested with {other}"),
                    format!(
                        "Your appointment request with {other} on {when} was sent. {}You will be told when it is confirmed or refused.",
                        if notice.paid_online { "Your card is authorised, not charged: it is charged only if the doctor confirms. " } else { "" }
                    ),
                ),
                (K::Confirmed, true) => (
                    format!("New appointment: {other}, {when}"),
                    format!("{other}'s appointment on {when} is confirmed."),
                ),
                (K::Confirmed, false) => (
                    format!("Appointment confirmed with {other}"),
                    format!("Your appointment with {other} on {when} is confirmed."),
                ),
                (K::Refused, true) => (
                    format!("Appointment request refused: {other}"),
                    format!("{other}'s request for {when} was refused."),
                ),
                (K::Refused, false) => (
                    format!("Appointment request refused by {other}"),
                    format!("{other} could not accept your request for {when}. You can book another time."),
                ),
                (K::Expired, _) => (
                    "Appointment request expired".to_owned(),
                    format!("Your request for {when} with {other} was not answered in time and has expired. You can book another time."),
                ),
                (K::Cancelled, true) => (
                    format!("Appointment cancelled: {other}, {when}"),
                    format!("{other}'s appointment on {when} was cancelled."),
                ),
                (K::Cancelled, false) => (
                    format!("Appointment cancelled with {other}"),
                    format!("Your appointment with {other} on {when} was cancelled."),
                ),
                (K::Rescheduled, true) => (
                    format!("Appointment moved: {other}, {when}"),
                    format!("{other}'s appointment was moved to {when}."),
                ),
                (K::Rescheduled, false) => (
                    format!("Appointment moved with {other}"),
                    format!("Your appointment with {other} was moved to {when}."),
                ),
                (K::Reminder, _) => (
                    format!("Reminder: appointment with {other} on {when}"),
                    format!("This is a reminder of your appointment with {other} on {when}."),
                ),
                (K::PaymentLapsed, true) => (
                    format!("Appointment closed: {other}, {when}"),
                    format!("{other}'s appointment on {when} is closed: the card authorisation ended before the visit was confirmed, so nothing can be charged. The slot is free again."),
                ),
                (K::PaymentLapsed, false) => (
                    format!("Appointment request closed with {other}"),
                    format!("Your appointment with {other} on {when} could not be confirmed: your card's authorisation ended first. Nothing was charged. You can book again here: {}", notice.rebook),
                ),
                (K::HoldExpired, _) => (
                    format!("Slot released: {other}, {when}"),
                    format!("The slot on {when} with {other} was held for your payment, which was not completed in time. Nothing was charged and the slot is free again. You can book again here: {}", notice.rebook),
                ),
                (K::MoveProposed, true) => (
                    format!("{other} asks to move their appointment"),
                    format!("{other} asks to move their appointment of {when} to another time. Please accept or refuse the new time{by}; until then the appointment keeps its time."),
                ),
                (K::MoveProposed, false) => (
                    format!("New time asked of {other}"),
                    format!("Your request to move your appointment with {other} was sent. Until {other} accepts it, your appointment stays on {when}."),
                ),
                (K::MoveRefused, true) => (
                    format!("New time refused: {other}"),
                    format!("The new time {other} asked for was refused. The appointment stays on {when}."),
                ),
                (K::MoveRefused, false) => (
                    format!("{other} could not move your appointment"),
                    format!("{other} could not accept the new time you asked for. Your appointment stays on {when}; you can ask for another time."),
                ),
                (K::MoveLapsed, _) => (
                    format!("Your appointment with {other} keeps its time"),
                    format!("Your request to move your appointment was not answered in time. Your appointment stays on {when}."),
                ),
            }
        }
        Language::Fr => {
            let when = format!("le {day} à {time}");
            let by = by.map(|by| format!(" avant le {by}")).unwrap_or_default();
            match (notice.kind, notice.to_doctor) {
                (K::Requested, true) => (
                    format!("Nouvelle demande de rendez-vous de {other}"),
                    format!("{other} demande un rendez-vous {when}. Merci de l'accepter ou de le refuser{by} ; sans réponse, elle expire."),
                ),
                (K::Requested, false) => (
                    format!("Demande de rendez-vous envoyée à {other}"),
                    format!(
                        "Votre demande de rendez-vous avec {other} {when} a été envoyée. {}Vous serez prévenu(e) dès qu'elle sera confirmée ou refusée.",
                        if notice.paid_online { "Votre carte est autorisée, pas débitée : elle ne sera débitée que si le médecin confirme. " } else { "" }
                    ),
                ),
                (K::Confirmed, true) => (
                    format!("Nouveau rendez-vous : {other}, {when}"),
                    format!("Le rendez-vous de {other} {when} est confirmé."),
                ),
                (K::Confirmed, false) => (
                    format!("Rendez-vous confirmé avec {other}"),
                    format!("Votre rendez-vous avec {other} {when} est confirmé."),
                ),
                (K::Refused, true) => (
                    format!("Demande de rendez-vous refusée : {other}"),
                    format!("La demande de {other} pour {when} a été refusée."),
                ),
                (K::Refused, false) => (
                    format!("Demande de rendez-vous refusée par {other}"),
                    format!("{other} n'a pas pu accepter votre demande pour {when}. Vous pouvez choisir un autre horaire."),
                ),
                (K::Expired, _) => (
                    "Demande de rendez-vous expirée".to_owned(),
                    format!("Votre demande avec {other} pour {when} n'a pas reçu de réponse à temps et a expiré. Vous pouvez choisir un autre horaire."),
                ),
                (K::Cancelled, true) => (
                    format!("Rendez-vous annulé : {other}, {when}"),
                    format!("Le rendez-vous de {other} {when} a été annulé."),
                ),
                (K::Cancelled, false) => (
                    format!("Rendez-vous annulé avec {other}"),
                    format!("Votre rendez-vous avec {other} {when} a été annulé."),
                ),
                (K::Rescheduled, true) => (
                    format!("Rendez-vous déplacé : {other}, {when}"),
                    format!("Le rendez-vous de {other} a été déplacé au {day} à {time}."),
                ),
                (K::Rescheduled, false) => (
                    format!("Rendez-vous déplacé avec {other}"),
                    format!("Votre rendez-vous avec {other} a été déplacé au {day} à {time}."),
                ),
                (K::Reminder, _) => (
                    format!("Rappel : rendez-vous avec {other} {when}"),
                    format!("Nous vous rappelons votre rendez-vous avec {other} {when}."),
                ),
                (K::PaymentLapsed, true) => (
                    format!("Rendez-vous clos : {other}, {when}"),
                    format!("Le rendez-vous de {other} {when} est clos : l'autorisation de la carte a pris fin avant la confirmation, rien ne peut être débité. Le créneau est de nouveau libre."),
                ),
                (K::PaymentLapsed, false) => (
                    format!("Demande de rendez-vous close avec {other}"),
                    format!("Votre rendez-vous avec {other} {when} n'a pas pu être confirmé : l'autorisation de votre carte a pris fin avant. Rien n'a été débité. Vous pouvez réserver de nouveau ici : {}", notice.rebook),
                ),
                (K::HoldExpired, _) => (
                    format!("Créneau libéré : {other}, {when}"),
                    format!("Le créneau {when} avec {other} était réservé le temps de votre paiement, qui n'a pas été terminé à temps. Rien n'a été débité et le créneau est de nouveau libre. Vous pouvez réserver de nouveau ici : {}", notice.rebook),
                ),
                (K::MoveProposed, true) => (
                    format!("{other} demande à déplacer son rendez-vous"),
                    format!("{other} demande à déplacer son rendez-vous {when} à un autre horaire. Merci d'accepter ou de refuser le nouvel horaire{by} ; d'ici là, le rendez-vous garde son horaire."),
                ),
                (K::MoveProposed, false) => (
                    format!("Nouvel horaire demandé à {other}"),
                    format!("Votre demande de déplacement de votre rendez-vous avec {other} a été envoyée. Tant que {other} ne l'a pas acceptée, votre rendez-vous reste {when}."),
                ),
                (K::MoveRefused, true) => (
                    format!("Nouvel horaire refusé : {other}"),
                    format!("Le nouvel horaire demandé par {other} a été refusé. Le rendez-vous reste {when}."),
                ),
                (K::MoveRefused, false) => (
                    format!("{other} n'a pas pu déplacer votre rendez-vous"),
                    format!("{other} n'a pas pu accepter le nouvel horaire demandé. Votre rendez-vous reste {when} ; vous pouvez demander un autre horaire."),
                ),
                (K::MoveLapsed, _) => (
                    format!("Votre rendez-vous avec {other} garde son horaire"),
                    format!("Votre demande de déplacement n'a pas reçu de réponse à temps. Votre rendez-vous reste {when}."),
                ),
            }
        }
    }
}

/// "Phone: +216 71 000 111" on a line of its own (`prefix` is the language's "Phone: "),
/// when there is a number.
fn phone_line(prefix: &str, phone: &str) -> String {
    match phone.trim() {
        "" => String::new(),
        phone => format!("{prefix}{phone}\n"),
    }
}

/// The whole email: what happened, where, why, the link, and the calendar file's use.
pub fn notice(language: Language, notice: &Notice<'_>) -> Text {
    let (subject, what) = headline(language, notice);
    let hello = greeting(language, notice.name);
    let sign = signature(language);
    let place = [notice.clinic, notice.address]
        .iter()
        .filter(|part| !part.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let zone = notice.time_zone;
    let city = zone_city(zone);
    let link = notice.link;
    let reason = notice.reason.filter(|r| !r.trim().is_empty());
    let body = match language {
        Language::En => {
            let reason = reason
                .map(|r| format!("Reason: {r}\n\n"))
                .unwrap_or_default();
            let phone = phone_line("Phone: ", notice.phone);
            format!("{hello}\n\n{what}\n\n{reason}Where: {place}\n{phone}Times are {city} time ({zone}), the clinic's.\n\nSee the appointment: {link}\n\nThe attached calendar file (.ics) adds or updates it in your calendar.\n\n{sign}\n")
        }
        Language::Fr => {
            let reason = reason
                .map(|r| format!("Motif : {r}\n\n"))
                .unwrap_or_default();
            let phone = phone_line("Téléphone : ", notice.phone);
            format!("{hello}\n\n{what}\n\n{reason}Lieu : {place}\n{phone}Les heures sont à l'heure de {city} ({zone}), celle de la clinique.\n\nVoir le rendez-vous : {link}\n\nLe fichier de calendrier joint (.ics) l'ajoute ou le met à jour dans votre agenda.\n\n{sign}\n")
        }
    };
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use shared::schedule::Interval;

    fn visit() -> LocalSlot {
        LocalSlot::new(
            Interval::new(
                Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap(),
                Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).unwrap(),
            ),
            chrono_tz::Africa::Tunis,
        )
    }

    fn sample(kind: NoticeKind, to_doctor: bool, visit: &LocalSlot) -> Notice<'_> {
        Notice {
            kind,
            to_doctor,
            name: "Amina",
            other: "Dr Karim Ben Ali",
            visit,
            time_zone: "Africa/Tunis",
            clinic: "Clinique du Lac",
            address: "12 rue du Lac",
            reason: Some("Doctor unwell"),
            link: "https://salus.example.org/appointments/7",
            rebook: "https://salus.example.org/doctors/3",
            paid_online: false,
            answer_by: None,
            phone: "+216 71 000 111",
        }
    }

    #[test]
    fn a_notice_says_the_local_time_in_the_recipients_language() {
        let visit = visit();
        let (subject, body) = notice(Language::Fr, &sample(NoticeKind::Cancelled, false, &visit));
        assert_eq!(subject, "Rendez-vous annulé avec Dr Karim Ben Ali");
        assert!(body.contains("le mardi 1 décembre 2026 à 09:00"), "{body}");
        assert!(body.contains("à l'heure de Tunis"), "{body}");
        assert!(!body.contains("2026-12-01"), "no ISO date: {body}");
        assert!(body.contains("Motif : Doctor unwell"), "{body}");
        assert!(body.contains("Téléphone : +216 71 000 111"), "{body}");
        assert!(body.contains("Clinique du Lac, 12 rue du Lac"), "{body}");
        let (subject, body) = notice(Language::En, &sample(NoticeKind::Reminder, false, &visit));
        assert_eq!(
            subject,
            "Reminder: appointment with Dr Karim Ben Ali on Tuesday 1 December 2026 at 09:00"
        );
        assert!(body.contains("Tunis time (Africa/Tunis)"), "{body}");
        assert!(body.contains("https://salus.example.org/appointments/7"));
    }

    #[test]
    fn every_notice_exists_for_both_sides_in_both_languages() {
        let visit = visit();
        for language in Language::ALL {
            for kind in NoticeKind::ALL {
                for to_doctor in [false, true] {
                    let (subject, body) = notice(language, &sample(kind, to_doctor, &visit));
                    assert!(!subject.is_empty());
                    assert!(body.contains(signature(language)), "{body}");
                    assert!(body.contains("09:00"), "{body}");
                    assert!(!body.contains("2026-12-01"), "no ISO date: {body}");
                }
            }
        }
    }
}

#[cfg(test)]
mod request_tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use shared::schedule::Interval;

    #[test]
    fn a_paid_request_says_the_card_is_authorised_and_the_doctor_when_to_answer() {
        let zone = chrono_tz::Africa::Tunis;
        let visit = LocalSlot::new(
            Interval::new(
                Utc.with_ymd_and_hms(2026, 12, 8, 9, 30, 0).unwrap(),
                Utc.with_ymd_and_hms(2026, 12, 8, 10, 0, 0).unwrap(),
            ),
            zone,
        );
        let by = LocalTime::new(Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap(), zone);
        let notice_of = |to_doctor| Notice {
            kind: NoticeKind::Requested,
            to_doctor,
            name: "Amina",
            other: "Dr Karim Ben Ali",
            visit: &visit,
            time_zone: "Africa/Tunis",
            clinic: "Clinique du Lac",
            address: "",
            reason: None,
            link: "https://salus.example.org/appointments/7",
            rebook: "https://salus.example.org/doctors/3",
            paid_online: true,
            answer_by: Some(&by),
            phone: "",
        };
        let (_, patient) = notice(Language::En, &notice_of(false));
        assert!(patient.contains("authorised, not charged"), "{patient}");
        let (_, doctor) = notice(Language::Fr, &notice_of(true));
        assert!(
            doctor.contains("avant le lundi 7 décembre 2026 10:00"),
            "{doctor}"
        );
        assert!(doctor.contains("mardi 8 décembre 2026 à 10:30"), "{doctor}");
    }
}
