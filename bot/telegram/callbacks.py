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


class LoanAction(StrEnum):
    """Borrowers' buttons; the values are the wire codes buttons in chats already carry."""

    noop = "noop"  # a pager's page number
    enter_code = "code"  # type the coordinator's invite code
    cancel = "px"  # out of "I paid" / the code
    loans = "ls"  # the list of my loans
    card = "o"  # a loan's card
    schedule = "sc"  # its schedule, a page (v)
    payments = "ph"  # its payments
    paid = "pay"  # "I paid": the amount is asked
    amount = "pa"  # "I paid": the suggested amount (v)
    date = "pd"  # "I paid": today (v=0) or yesterday (v=1)


class LoanCb(CallbackData, prefix="ln"):
    """Borrowers' buttons. `loan` is a loan id: always checked to be the presser's own."""

    action: LoanAction
    loan: int = 0
    v: str = ""


class LoanAdminAction(StrEnum):
    """Coordinators' loan buttons; the values are the wire codes buttons in chats already carry."""

    noop = "noop"  # a pager's page number
    # the portfolio
    home = "h"
    filter_program = "fp"  # the program picker
    filter_region = "fr"  # the region picker
    set_program = "sp"  # a program picked (v; empty: all)
    set_region = "sr"  # a region picked (v; empty: all)
    queue = "q"  # payments to confirm
    late = "od"  # late borrowers, a page (v)
    nudge_late = "nua"  # remind every late borrower
    loans = "ls"  # the loans, a page (v)
    chart = "ch"
    excel = "xl"
    import_file = "im"  # import: send a file
    import_cancel = "imx"
    import_confirm = "imok"
    rules = "rl"  # reminder days
    edit_rule = "rle"  # a program's reminder days (v)
    # the new-loan wizard
    new_loan = "new"
    from_application = "app"  # p: the approved application
    wizard_back = "wb"  # v: the step it was pressed on
    wizard_cancel = "wx"
    wizard_keep = "wk"  # v: the step it was pressed on
    wizard_create = "wok"
    pick_program = "wp"
    pick_region = "wr"
    pick_suggested = "wpr"  # the amount applied for
    pick_today = "wdt"  # disbursed today
    pick_frequency = "wf"
    pick_term = "wt"
    pick_grace = "wg"
    pick_first_due = "wd"  # the default first due date
    pick_zero_rate = "wrt"
    pick_source = "ws"
    # a loan
    card = "o"
    schedule = "sc"  # a page (v)
    payments = "py"
    record = "rec"  # a payment from the bank statement: the amount
    record_date = "rd"  # ... paid today (v=0) or yesterday (v=1)
    nudge = "nu"
    invite = "inv"  # a new invite code: are you sure?
    invite_confirm = "invy"
    # a payment (p)
    payment = "pay"
    receipt = "rcp"
    confirm_payment = "ok"
    fix_amount = "fix"
    reject = "rej"
    reverse = "rev"


class LoanAdminCb(CallbackData, prefix="la"):
    """Coordinators' loan buttons. `loan` (a loan id) and `p` (a payment or application id) are
    checked against the presser's scope: the loan's program and region."""

    action: LoanAdminAction
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
