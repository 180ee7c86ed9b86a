use crate::clinics::doctor_rows::{languages_column, languages_from_column};
use shared::SpokenLanguage;

#[test]
fn spoken_languages_are_stored_between_commas() {
    let languages = [SpokenLanguage::Arabic, SpokenLanguage::French];
    assert_eq!(languages_column(&languages), ",ar,fr,");
    assert_eq!(languages_from_column(",ar,fr,"), languages);
    assert_eq!(languages_column(&[]), "");
}
