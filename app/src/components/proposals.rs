//! New times patients asked for their confirmed visits, waiting for an answer: on the
//! doctor's day page and at the clinic's front desk. Each is answered on its appointment's
//! page, where the patient's note and the history are.

use crate::api::appointments::my_appointments;
use crate::components::appointment_view::local_time_text;
use crate::components::dates::short_day;
use crate::components::language::language_of;
use crate::i18n::*;
use leptos::prelude::*;
use shared::Appointment;

/// The card, shown only when some new time waits; `with_doctor` names each visit's doctor
/// (the desk sees every doctor of the clinic).
#[component]
pub fn ProposalsCard(with_doctor: bool) -> impl IntoView {
    let i18n = use_i18n();
    let proposals = Resource::new(|| (), |_| my_appointments("proposals".to_owned()));
    view! {
        <Suspense fallback=|| ()>
            {move || proposals.get().and_then(Result::ok).filter(|list| !list.is_empty()).map(|list| view! {
                <section class="card" aria-labelledby="proposals-heading">
                    <h2 id="proposals-heading">{t!(i18n, practice.proposals_title)}</h2>
                    <ul class="stack-list">
                        {list.into_iter().map(|appointment| view! { <ProposalCard appointment with_doctor /> }).collect_view()}
                    </ul>
                </section>
            })}
        </Suspense>
    }
}

/// A visit whose patient asked for another time: when it is, when they asked, by when to
/// answer, and the way to its page, where the answer is given.
#[component]
fn ProposalCard(appointment: Appointment, with_doctor: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = appointment.id;
    let Some(proposal) = appointment.proposal.clone() else {
        return ().into_any();
    };
    let now_slot = appointment.slot.clone();
    let line = move || {
        let language = language_of(i18n.get_locale());
        let text =
            |slot: &shared::LocalSlot| format!("{}, {}", short_day(language, slot.date), slot.time);
        t_string!(
            i18n,
            practice.proposal_line,
            now = text(&now_slot),
            asked = text(&proposal.slot)
        )
        .to_string()
    };
    let by = proposal.expires_at.clone();
    let answer_by = move || {
        let by = local_time_text(language_of(i18n.get_locale()), &by);
        t_string!(i18n, practice.answer_by, by = by).to_string()
    };
    view! {
        <li class="request proposal">
            <p><strong>{appointment.patient_name.clone()}</strong>
                {with_doctor.then(|| format!(" · {}", appointment.doctor_name))}</p>
            <p>{line}</p>
            <p class="muted">{answer_by}</p>
            <a class="button button-primary" href=format!("/appointments/{id}")>{t!(i18n, practice.details)}</a>
        </li>
    }
    .into_any()
}
