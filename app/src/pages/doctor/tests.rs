use super::*;
use shared::{
    ClinicId, Currency, DoctorCard, Money, PaymentMode, RatingSummary, Specialty, SpokenLanguage,
    UserId,
};

fn profile() -> DoctorProfile {
    DoctorProfile {
        card: DoctorCard {
            id: UserId(7),
            name: "Karim </script><b>".into(),
            photo_url: None,
            specialty: Specialty {
                id: 2,
                slug: "cardiology".into(),
                name_en: "Cardiology".into(),
                name_fr: "Cardiologie".into(),
            },
            clinic_id: ClinicId(1),
            clinic_name: "Clinique El Manar".into(),
            city: "Tunis".into(),
            price: Some(Money::new(60500, Currency::TND)),
            payment_mode: PaymentMode::Online,
            rating: RatingSummary::from_totals(9, 2),
            next_free: None,
            time_zone: "Africa/Tunis".into(),
        },
        first_name: "Karim".into(),
        last_name: "Ben Ali".into(),
        bio: String::new(),
        qualifications: vec![],
        experience: vec![],
        languages: vec![SpokenLanguage::Arabic, SpokenLanguage::French],
        consultation_minutes: 30,
        booking_mode: BookingMode::Approval,
        practice_address: "12 avenue Habib Bourguiba".into(),
        practice_phone: String::new(),
        clinic_phone: String::new(),
        slot_lengths: vec![30],
        clinic_address: String::new(),
        listed: true,
        unavailable: false,
        policy: shared::CancellationPolicy::default(),
        request_deadline_hours: 48,
    }
}

#[test]
fn structured_data_describes_a_physician_and_cannot_end_the_script() {
    let text = physician_json_ld(&profile(), Language::Fr);
    assert!(!text.contains("</script>"));
    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["@type"], "Physician");
    assert_eq!(data["name"], "Karim </script><b>");
    assert_eq!(data["medicalSpecialty"], "Cardiologie");
    assert_eq!(data["priceRange"], "60,500 TND");
    assert_eq!(data["knowsLanguage"], serde_json::json!(["ar", "fr"]));
    assert_eq!(data["aggregateRating"]["ratingValue"], "4.5");
}
