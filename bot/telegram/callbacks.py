"""Callback-data factories. Every field is re-checked on the server: clients can forge them."""

from enum import StrEnum

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


class TrainCb(CallbackData, prefix="tr"):
    """Trainees' buttons: a course and a lesson number, checked against their own progress."""

    action: str
    course: str = ""
    n: int = 0
    value: str = ""


class CohortCb(CallbackData, prefix="co"):
    """Trainers' and coordinators' cohort buttons: the cohort is checked against their scope."""

    action: str
    cohort: int = 0
    value: str = ""


class WebinarAction(StrEnum):
    """Webinar buttons; the values are the codes already in people's chats."""

    # everyone
    upcoming = "list"  # the list of upcoming webinars
    card = "open"  # a webinar's card
    mine = "mine"  # my webinars
    register = "reg"
    answer = "q"  # a registration question answered by a button (v: a region, or «skip»)
    unregister = "unreg"  # asks to confirm
    unregister_yes = "unregy"
    calendar = "ics"  # the .ics file
    here = "here"  # «I'm here» (v="card": pressed on the card, not the reminder)
    rate = "rate"  # r: 1–5
    no_comment = "nocom"
    # coordinators
    manage = "adm"  # the webinars they manage
    new = "new"  # the wizard: a new webinar
    pick = "wz"  # a wizard's or an edit's button answer (v: "<field>=<value>")
    change = "sum"  # from the new webinar's summary: change a field (v)
    create = "mk"
    stop = "stop"  # the wizard cancelled
    back = "prev"  # the wizard's step before (v: the step it was pressed on)
    admin_card = "c"
    people = "ppl"  # the registrants (r: the page)
    attendance = "att"  # mark or unmark (r: a registration id, v: the page)
    export = "xl"
    cancel = "del"  # asks to confirm
    cancel_yes = "dely"
    edit = "edit"  # the fields to change
    edit_field = "ef"  # change one (v: the field)


class WebinarCb(CallbackData, prefix="wb"):
    """Webinar buttons. `w` is a webinar id: participants act only on their own registration
    (found by who pressed), coordinators only on webinars in their scope; `r` is a registration
    id, a rating or a page."""

    action: WebinarAction
    w: int = 0
    r: int = 0
    v: str = ""


class LoanCb(CallbackData, prefix="ln"):
    """Borrowers' buttons. `loan` is a loan id: always checked to be the presser's own."""

    action: str
    loan: int = 0
    v: str = ""


class LoanAdminCb(CallbackData, prefix="la"):
    """Coordinators' loan buttons. `loan` (a loan id) and `p` (a payment or application id) are
    checked against the presser's scope: the loan's program and region."""

    action: str
    loan: int = 0
    p: int = 0
    v: str = ""


class BroadcastAction(StrEnum):
    """The newer broadcast buttons (`BroadcastActionCb`); short: they travel in callback data."""

    failed = "xl"  # the failed list of a finished broadcast, as Excel
    edit = "ed"  # change a scheduled broadcast (text, audience, time)
    keep = "keep"  # editing: keep this language's version as it is
    at = "at"  # a one-tap time (value: the moment as a Unix timestamp)


class BroadcastActionCb(CallbackData, prefix="bcx"):
    """Checked on the server: the broadcast must be the presser's own (or they manage roles),
    and a moment must be in the future."""

    action: BroadcastAction
    broadcast: int = 0
    value: str = ""
