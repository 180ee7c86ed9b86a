use super::*;

#[test]
fn folding_ignores_case_accents_and_spacing() {
    assert_eq!(fold("  Hélène   BEN-ALI "), "helene ben-ali");
    assert_eq!(fold("Çelik Öztürk"), "celik ozturk");
    assert_eq!(fold("Zoë"), fold("zoe"));
}

#[test]
fn a_search_names_each_refused_parameter() {
    let query = DirectoryQuery {
        price_min: Some("80".into()),
        price_max: Some("cheap".into()),
        min_rating: Some("9".into()),
        sort: Some("random".into()),
        language: Some("klingon".into()),
        page: Some("0".into()),
        ..Default::default()
    };
    let errors = Filter::parse(&query).unwrap_err();
    assert_eq!(
        errors.for_field("price_max"),
        Some(&ValidationCode::NotANumber)
    );
    assert_eq!(
        errors.for_field("min_rating"),
        Some(&ValidationCode::OutOfRange { min: 1, max: 5 })
    );
    assert_eq!(errors.for_field("sort"), Some(&ValidationCode::NotAChoice));
    assert_eq!(
        errors.for_field("language"),
        Some(&ValidationCode::NotAChoice)
    );
    assert_eq!(
        errors.for_field("page"),
        Some(&ValidationCode::OutOfRange { min: 1, max: 1000 })
    );
}

#[test]
fn an_empty_search_lists_everyone_soonest_first() {
    let filter = Filter::parse(&DirectoryQuery::default()).unwrap();
    assert_eq!(filter.sort, DirectorySort::Soonest);
    assert_eq!(filter.page, 1);
    assert!(filter.conditions(Utc::now()).binds.is_empty());
}

#[test]
fn a_price_filter_keeps_its_currency() {
    let query = DirectoryQuery {
        price_max: Some("60".into()),
        currency: Some("eur".into()),
        ..Default::default()
    };
    let filter = Filter::parse(&query).unwrap();
    assert_eq!(filter.currency, Some(Currency::EUR));
    let sql = filter.conditions(Utc::now()).sql;
    assert!(sql.contains("currency"), "{sql}");
    let refused = Filter::parse(&DirectoryQuery {
        currency: Some("euros".into()),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(
        refused.for_field("currency"),
        Some(&ValidationCode::UnsupportedCurrency)
    );
}

#[test]
fn a_name_search_keeps_a_few_folded_words() {
    let query = DirectoryQuery {
        q: Some("Dr  Hélène a b c d e f".into()),
        ..Default::default()
    };
    let filter = Filter::parse(&query).unwrap();
    assert_eq!(filter.name_words, ["dr", "helene", "a", "b", "c"]);
}
