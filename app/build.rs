//! Generates the typed translation module (`crate::i18n`) from `locales/*.json`, so a missing
//! or misspelt key is a compile error rather than a blank on screen.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");

    let out_dir = std::env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR for build scripts")?;
    let i18n_module = PathBuf::from(out_dir).join("i18n");

    // `interpolate_display` lets translations with parameters become plain strings, which
    // attributes (aria-label) and validation messages need.
    let config = Config::new("en")?
        .add_locale("fr")?
        .parse_options(ParseOptions::new().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(i18n_module)?;
    Ok(())
}
