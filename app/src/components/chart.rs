//! Charts as inline SVG: horizontal bars, one row per label, so a phone reads every label and
//! value at full size. Each chart carries a title and a summary for screen readers, and its
//! figures as a table under a "show the figures" disclosure (the text alternative).

use crate::i18n::*;
use leptos::prelude::*;

/// One bar: its label, its length (any unit, compared with the others) and its value as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub text: String,
}

/// Each row is the label on its own line, then the bar and its value: a long label ("Médecine
/// générale", a French weekday) never runs into its bar, whatever the phone's width.
const ROW: i64 = 40;
const BAR_SPACE: i64 = 240;
const WIDTH: i64 = 340;

/// A bar's length in the drawing's units: the longest bar (or `scale`, when given) fills the
/// space; a non-zero value always shows at least a sliver.
pub fn bar_length(value: i64, longest: i64) -> i64 {
    if value <= 0 || longest <= 0 {
        0
    } else {
        ((value * BAR_SPACE + longest / 2) / longest).clamp(2, BAR_SPACE)
    }
}

#[component]
pub fn BarChart(
    /// Unique on the page, for the ARIA references.
    id: &'static str,
    title: Signal<String>,
    /// One sentence that says what the chart shows, for screen readers.
    summary: Signal<String>,
    bars: Vec<Bar>,
    /// The value that fills the whole width (the largest bar when `None`).
    #[prop(optional)]
    scale: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let longest = scale.unwrap_or_else(|| bars.iter().map(|b| b.value).max().unwrap_or(0));
    let height = (bars.len() as i64).max(1) * ROW;
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    let rows = bars.clone();
    view! {
        <figure class="chart">
            <figcaption id=format!("{id}-caption")>{title}</figcaption>
            <svg
                viewBox=format!("0 0 {WIDTH} {height}")
                role="img"
                aria-labelledby=labelled_by
                preserveAspectRatio="xMinYMin meet"
            >
                <title id=title_id>{title}</title>
                <desc id=desc_id>{summary}</desc>
                {rows.into_iter().enumerate().map(|(i, bar)| {
                    let y = i as i64 * ROW;
                    let length = bar_length(bar.value, longest);
                    view! {
                        <g>
                            <text x="0" y=y + 13 class="chart-label">{bar.label}</text>
                            <rect x="0" y=y + 18 width=length height="14" rx="3" class="chart-bar" />
                            <text x=length + 6 y=y + 30 class="chart-value">{bar.text}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <details class="chart-figures">
                <summary>{t!(i18n, stats.show_figures)}</summary>
                <table>
                    <tbody>
                        {bars.into_iter().map(|bar| view! {
                            <tr><th scope="row">{bar.label}</th><td>{bar.text}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

/// Stars as a picture with their number in words: "★★★★☆", read "4 out of 5 stars".
#[component]
pub fn Stars(stars: i64) -> impl IntoView {
    let i18n = use_i18n();
    let full = stars.clamp(0, 5) as usize;
    let picture = format!("{}{}", "★".repeat(full), "☆".repeat(5 - full));
    view! {
        <span class="stars" role="img" aria-label=move || t_string!(i18n, feedback.stars_label, count = stars).to_string()>
            {picture}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_bar_fills_the_space_and_small_ones_still_show() {
        assert_eq!(bar_length(10, 10), BAR_SPACE);
        assert_eq!(bar_length(5, 10), BAR_SPACE / 2);
        assert_eq!(bar_length(1, 10_000), 2);
        assert_eq!(bar_length(0, 10), 0);
        assert_eq!(bar_length(3, 0), 0);
        assert_eq!(bar_length(20, 10), BAR_SPACE, "never wider than the chart");
    }
}
