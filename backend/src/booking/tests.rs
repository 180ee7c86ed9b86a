use super::*;

#[test]
fn starts_are_rfc3339_instants() {
    assert_eq!(
        parse_start("2026-12-01T08:00:00Z").unwrap().to_rfc3339(),
        "2026-12-01T08:00:00+00:00"
    );
    assert_eq!(
        parse_start("2026-12-01T09:00:00+01:00")
            .unwrap()
            .to_rfc3339(),
        "2026-12-01T08:00:00+00:00"
    );
    assert_eq!(parse_start("tomorrow"), Err(ValidationCode::InvalidDate));
    assert_eq!(parse_start(""), Err(ValidationCode::Required));
}

#[test]
fn a_reason_says_something() {
    assert_eq!(parse_visit_reason("  "), Err(ValidationCode::Required));
    assert_eq!(
        parse_visit_reason("Headache for three days"),
        Ok("Headache for three days".into())
    );
}
