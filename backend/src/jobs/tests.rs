use super::*;

#[test]
fn retries_wait_longer_each_time_up_to_an_hour() {
    assert_eq!(retry_delay(1), 30);
    assert_eq!(retry_delay(2), 60);
    assert_eq!(retry_delay(5), 480);
    assert_eq!(retry_delay(9), 3600);
    assert_eq!(retry_delay(40), 3600);
}

#[test]
fn tasks_are_stored_as_tagged_json() {
    let task = Task::ExpireHold { appointment: 7 };
    let text = serde_json::to_string(&task).unwrap();
    assert_eq!(text, r#"{"kind":"expire_hold","appointment":7}"#);
    assert_eq!(serde_json::from_str::<Task>(&text).unwrap(), task);
}

#[test]
fn every_task_kind_is_listed_once() {
    let tasks = [
        Task::ExpireHold { appointment: 1 },
        Task::ExpireRequest { appointment: 1 },
        Task::LapseProposal { appointment: 1 },
        Task::RefreshNextFree,
        Task::SettlePayment { appointment: 1 },
        Task::InviteRating { appointment: 1 },
        Task::Notify { notification: 1 },
        Task::Remind { appointment: 1 },
    ];
    let kinds: Vec<&str> = tasks.iter().map(Task::kind).collect();
    assert_eq!(kinds, Task::KINDS, "the metrics list every kind, in order");
}
