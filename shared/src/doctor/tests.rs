use super::*;

#[test]
fn closed_lists_parse_their_codes_only() {
    assert_eq!(PaymentMode::parse("online"), Ok(PaymentMode::Online));
    assert_eq!(BookingMode::parse(" instant "), Ok(BookingMode::Instant));
    assert_eq!(SpokenLanguage::parse("zgh"), Ok(SpokenLanguage::Tamazight));
    assert_eq!(SpokenLanguage::parse("xx"), Err(ValidationCode::NotAChoice));
    assert_eq!(DirectorySort::parse(""), Err(ValidationCode::Required));
    for language in SpokenLanguage::ALL {
        let json = serde_json::to_value(language).unwrap();
        assert_eq!(json, serde_json::json!(language.as_str()));
    }
}

#[test]
fn ratings_round_to_one_decimal() {
    assert_eq!(RatingSummary::from_totals(0, 0), None);
    let rating = RatingSummary::from_totals(14, 3).unwrap();
    assert_eq!(rating.average_tenths, 47, "4.666… rounds to 4.7");
    assert_eq!(rating.average_text(Language::Fr), "4,7");
    assert_eq!(RatingSummary::from_totals(9, 2).unwrap().average_tenths, 45);
    assert_eq!(
        RatingSummary::from_totals(5, 1)
            .unwrap()
            .average_text(Language::En),
        "5.0"
    );
}

#[test]
fn directory_searches_become_clean_urls() {
    let query = DirectoryQuery {
        specialty: Some("cardiology".into()),
        city: Some("Tunis".into()),
        q: Some("  ".into()),
        price_max: Some("60".into()),
        ..Default::default()
    };
    assert_eq!(
        query.to_query_string(None),
        "specialty=cardiology&city=Tunis&price_max=60"
    );
    let query = DirectoryQuery {
        q: Some("Ben Ali & co".into()),
        page: Some("3".into()),
        ..Default::default()
    };
    assert_eq!(query.to_query_string(None), "q=Ben%20Ali%20%26%20co&page=3");
    assert_eq!(
        query.to_query_string(Some(4)),
        "q=Ben%20Ali%20%26%20co&page=4"
    );
}

#[test]
fn page_counts_round_up() {
    let page = |total| DirectoryPage {
        doctors: vec![],
        total,
        page: 1,
        per_page: 12,
        price_currency: None,
    };
    assert_eq!(page(0).page_count(), 1);
    assert_eq!(page(12).page_count(), 1);
    assert_eq!(page(13).page_count(), 2);
}

#[test]
fn week_paging_goes_back_no_further_than_today() {
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
    let page = |from: u32, to: u32| SlotList {
        doctor_id: UserId(1),
        time_zone: "Africa/Tunis".into(),
        utc_offset: "UTC+01:00".into(),
        from: day(from),
        to: day(to),
        today: day(7),
        days: Vec::new(),
    };
    assert_eq!(page(7, 13).previous_week(), None, "this week starts today");
    assert_eq!(page(7, 13).next_week(), day(14));
    assert_eq!(
        page(10, 16).previous_week(),
        Some(day(7)),
        "not before today"
    );
    assert_eq!(page(21, 27).previous_week(), Some(day(14)));
}
