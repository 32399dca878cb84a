"""Callback-data factories. Every field is re-checked on the server: clients can forge them."""

from aiogram.filters.callback_data import CallbackData


class LanguageCb(CallbackData, prefix="lang"):
    code: str


class ConsentCb(CallbackData, prefix="consent"):
    answer: str  # "yes" | "no"


class PrivacyCb(CallbackData, prefix="priv"):
    action: str  # "delete" | "confirm" | "keep" | "give" | "withdraw"


class RoleCb(CallbackData, prefix="role"):
    # "grant" | "pick" | "region" | "page" | "confirm" | "cancel" | "revoke" | "revoke-yes"
    action: str
    value: str = ""


class BroadcastCb(CallbackData, prefix="bc"):
    # wizard: "skip" | "filter" | "pick" | "next" | "back" | "now" | "when" | "tomorrow"
    #         | "paid" | "confirm" | "cancel"; afterwards: "stop" (a broadcast's id in value)
    action: str
    value: str = ""


class ApplyCb(CallbackData, prefix="ap"):
    """Applicants' buttons. `app` is an application id: always checked to be the presser's own."""

    action: str
    app: int = 0
    value: str = ""


class ReviewCb(CallbackData, prefix="rv"):
    """Reviewers' buttons. `app` is an application id: checked against the reviewer's scope."""

    action: str
    app: int = 0
    value: str = ""
