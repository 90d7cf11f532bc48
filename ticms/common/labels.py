"""Human labels for audit actions, registered by the apps that record them."""

ACTION_LABELS: dict[str, object] = {}


def register_action_labels(labels: dict) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str):
    return ACTION_LABELS.get(action, action)
