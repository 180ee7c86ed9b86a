//! The words of every email Salus sends, in the recipient's language. Plain text: it reads
//! well in every mail client and cannot carry tracking or scripts.

use shared::Language;

/// A subject and a body.
pub type Text = (String, String);

pub(crate) fn greeting(language: Language, name: &str) -> String {
    match (language, name.trim().is_empty()) {
        (Language::En, true) => "Hello,".to_owned(),
        (Language::En, false) => format!("Hello {name},"),
        (Language::Fr, true) => "Bonjour,".to_owned(),
        (Language::Fr, false) => format!("Bonjour {name},"),
    }
}

pub(crate) fn signature(language: Language) -> &'static str {
    match language {
        Language::En => "— The Salus team",
        Language::Fr => "— L'équipe Salus",
    }
}

pub fn verify_email(language: Language, name: &str, link: &str) -> Text {
    let hello = greeting(language, name);
    let sign = signature(language);
    match language {
        Language::En => (
            "Confirm your email address".to_owned(),
            format!(
                "{hello}\n\nWelcome to Salus. Please confirm your email address to book appointments:\n\n{link}\n\nThe link works for 48 hours. If you did not sign up, ignore this email.\n\n{sign}\n"
            ),
        ),
        Language::Fr => (
            "Confirmez votre adresse e-mail".to_owned(),
            format!(
                "{hello}\n\nBienvenue sur Salus. Confirmez votre adresse e-mail pour pouvoir prendre rendez-vous :\n\n{link}\n\nLe lien est valable 48 heures. Si vous ne vous êtes pas inscrit, ignorez cet e-mail.\n\n{sign}\n"
            ),
        ),
    }
}

/// Sent when someone signs up with an address that already has an account: the owner learns
/// of it, the person at the form learns nothing.
pub fn already_registered(language: Language, login_link: &str, reset_link: &str) -> Text {
    let hello = greeting(language, "");
    let sign = signature(language);
    match language {
        Language::En => (
            "You already have a Salus account".to_owned(),
            format!(
                "{hello}\n\nSomeone, probably you, tried to create a Salus account with this email address. You already have one.\n\nLog in: {login_link}\nForgot your password? {reset_link}\n\nIf this was not you, you can ignore this email: nothing has changed.\n\n{sign}\n"
            ),
        ),
        Language::Fr => (
            "Vous avez déjà un compte Salus".to_owned(),
            format!(
                "{hello}\n\nQuelqu'un, sans doute vous, a essayé de créer un compte Salus avec cette adresse e-mail. Vous en avez déjà un.\n\nSe connecter : {login_link}\nMot de passe oublié ? {reset_link}\n\nSi ce n'était pas vous, ignorez cet e-mail : rien n'a changé.\n\n{sign}\n"
            ),
        ),
    }
}

pub fn reset_password(language: Language, name: &str, link: &str) -> Text {
    let hello = greeting(language, name);
    let sign = signature(language);
    match language {
        Language::En => (
            "Reset your Salus password".to_owned(),
            format!(
                "{hello}\n\nTo choose a new password, open this link:\n\n{link}\n\nThe link works once, for one hour. If you did not ask for it, ignore this email: your password stays as it is.\n\n{sign}\n"
            ),
        ),
        Language::Fr => (
            "Réinitialisez votre mot de passe Salus".to_owned(),
            format!(
                "{hello}\n\nPour choisir un nouveau mot de passe, ouvrez ce lien :\n\n{link}\n\nLe lien fonctionne une seule fois, pendant une heure. Si vous n'avez rien demandé, ignorez cet e-mail : votre mot de passe ne change pas.\n\n{sign}\n"
            ),
        ),
    }
}

/// Told to an account's owner when wrong passwords pile up on it.
pub fn failed_sign_ins(language: Language, name: &str, reset_link: &str) -> Text {
    let hello = greeting(language, name);
    let sign = signature(language);
    match language {
        Language::En => (
            "Repeated failed sign-in attempts on your Salus account".to_owned(),
            format!(
                "{hello}\n\nSomeone has tried several wrong passwords for your Salus account in the last hour. Your account is safe: logins from there are slowed down, and your own browser keeps signing in as usual.\n\nIf it was you, there is nothing to do. If not, and your password is one you use elsewhere, choose a new one here:\n\n{reset_link}\n\n{sign}\n"
            ),
        ),
        Language::Fr => (
            "Tentatives de connexion répétées sur votre compte Salus".to_owned(),
            format!(
                "{hello}\n\nQuelqu'un a essayé plusieurs mots de passe erronés pour votre compte Salus au cours de la dernière heure. Votre compte est protégé : les connexions venant de là sont ralenties, et votre propre navigateur se connecte comme d'habitude.\n\nSi c'était vous, il n'y a rien à faire. Sinon, et si vous utilisez ce mot de passe ailleurs, choisissez-en un nouveau ici :\n\n{reset_link}\n\n{sign}\n"
            ),
        ),
    }
}

pub fn invitation(language: Language, name: &str, clinic: &str, role: &str, link: &str) -> Text {
    let hello = greeting(language, name);
    let sign = signature(language);
    match language {
        Language::En => (
            format!("Your Salus account at {clinic}"),
            format!(
                "{hello}\n\nAn account has been created for you on Salus at {clinic} ({role}). Choose your password here:\n\n{link}\n\nThe link works once, for 7 days.\n\n{sign}\n"
            ),
        ),
        Language::Fr => (
            format!("Votre compte Salus chez {clinic}"),
            format!(
                "{hello}\n\nUn compte Salus a été créé pour vous chez {clinic} ({role}). Choisissez votre mot de passe ici :\n\n{link}\n\nLe lien fonctionne une seule fois, pendant 7 jours.\n\n{sign}\n"
            ),
        ),
    }
}

pub fn application_approved(language: Language, name: &str, clinic: &str) -> Text {
    let hello = greeting(language, name);
    let sign = signature(language);
    match language {
        Language::En => (
            format!("{clinic} approved your application"),
            format!("{hello}\n\n{clinic} approved your application on Salus. Patients can now find you in the directory.\n\n{sign}\n"),
        ),
        Language::Fr => (
            format!("{clinic} a approuvé votre candidature"),
            format!("{hello}\n\n{clinic} a approuvé votre candidature sur Salus. Les patients peuvent désormais vous trouver dans l'annuaire.\n\n{sign}\n"),
        ),
    }
}

pub fn application_refused(language: Language, name: &str, clinic: &str, reason: &str) -> Text {
    let hello = greeting(language, name);
    let sign = signature(language);
    match language {
        Language::En => (
            format!("{clinic} did not approve your application"),
            format!("{hello}\n\n{clinic} did not approve your application on Salus, for this reason:\n\n{reason}\n\n{sign}\n"),
        ),
        Language::Fr => (
            format!("{clinic} n'a pas approuvé votre candidature"),
            format!("{hello}\n\n{clinic} n'a pas approuvé votre candidature sur Salus, pour la raison suivante :\n\n{reason}\n\n{sign}\n"),
        ),
    }
}

/// After a completed visit: an invitation to rate the doctor.
pub fn rating_invitation(
    language: Language,
    name: &str,
    doctor: &str,
    visit: &shared::LocalSlot,
    link: &str,
) -> Text {
    let hello = greeting(language, name);
    let sign = signature(language);
    let day = visit.date.format("%Y-%m-%d");
    let time = &visit.time;
    match language {
        Language::En => (
            format!("How was your visit with {doctor}?"),
            format!(
                "{hello}\n\nYou saw {doctor} on {day} at {time} (the clinic's local time). Your rating helps other patients choose: give 1 to 5 stars and, if you like, a few words.\n\nRate your visit: {link}\n\nYou can change your rating for 7 days after posting it.\n\n{sign}\n"
            ),
        ),
        Language::Fr => (
            format!("Comment s'est passée votre consultation avec {doctor} ?"),
            format!(
                "{hello}\n\nVous avez consulté {doctor} le {day} à {time} (heure locale de la clinique). Votre avis aide d'autres patients à choisir : donnez de 1 à 5 étoiles et, si vous le souhaitez, quelques mots.\n\nNoter votre consultation : {link}\n\nVous pourrez modifier votre avis pendant 7 jours après l'avoir publié.\n\n{sign}\n"
            ),
        ),
    }
}

/// A role's name inside a sentence.
/// The receipt of a captured payment.
pub fn receipt(language: Language, name: &str, payment: &shared::Payment, link: &str) -> Text {
    let hello = greeting(language, name);
    let sign = signature(language);
    let amount = payment.captured.display(language);
    let day = payment.visit.date.format("%Y-%m-%d");
    let time = &payment.visit.time;
    let (doctor, clinic) = (&payment.doctor_name, &payment.clinic_name);
    match language {
        Language::En => (
            format!("Receipt: {amount} paid to {clinic}"),
            format!(
                "{hello}\n\nThank you: {amount} was taken for your appointment with {doctor} at {clinic} on {day} at {time} (the clinic's local time).\n\nPayment number: {id}\nYour receipt: {link}\n\n{sign}\n",
                id = payment.id
            ),
        ),
        Language::Fr => (
            format!("Reçu : {amount} payés à {clinic}"),
            format!(
                "{hello}\n\nMerci : {amount} ont été débités pour votre rendez-vous avec {doctor} à {clinic} le {day} à {time} (heure locale de la clinique).\n\nNuméro de paiement : {id}\nVotre reçu : {link}\n\n{sign}\n",
                id = payment.id
            ),
        ),
    }
}

pub fn role_name(language: Language, role: shared::Role) -> &'static str {
    use shared::Role;
    match (language, role) {
        (Language::En, Role::Patient) => "patient",
        (Language::En, Role::Doctor) => "doctor",
        (Language::En, Role::Secretary) => "secretary",
        (Language::En, Role::ClinicAdmin) => "clinic administrator",
        (Language::En, Role::PlatformAdmin) => "platform administrator",
        (Language::Fr, Role::Patient) => "patient",
        (Language::Fr, Role::Doctor) => "médecin",
        (Language::Fr, Role::Secretary) => "secrétaire",
        (Language::Fr, Role::ClinicAdmin) => "administrateur de la clinique",
        (Language::Fr, Role::PlatformAdmin) => "administrateur de la plateforme",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_carry_the_link_in_the_recipients_language() {
        let (subject, body) = verify_email(Language::Fr, "Amina", "https://x/verify?t=1");
        assert_eq!(subject, "Confirmez votre adresse e-mail");
        assert!(body.starts_with("Bonjour Amina,"));
        assert!(body.contains("https://x/verify?t=1"));
        let (subject, body) = reset_password(Language::En, "", "https://x/r");
        assert_eq!(subject, "Reset your Salus password");
        assert!(body.starts_with("Hello,"));
        assert!(body.contains("one hour"));
    }

    #[test]
    fn every_letter_exists_in_both_languages() {
        for language in Language::ALL {
            let texts = [
                verify_email(language, "A", "l"),
                already_registered(language, "l", "r"),
                reset_password(language, "A", "l"),
                invitation(
                    language,
                    "A",
                    "Clinic",
                    role_name(language, shared::Role::Doctor),
                    "l",
                ),
                application_approved(language, "A", "Clinic"),
                application_refused(language, "A", "Clinic", "why"),
            ];
            for (subject, body) in texts {
                assert!(!subject.is_empty() && body.contains(signature(language)));
            }
        }
    }
}
