"""Callback-data factories. Every field is re-checked on the server: clients can forge them."""

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class LanguageCb(CallbackData, prefix="lang"):
    code: str


class ConsentAnswer(StrEnum):
    yes = "yes"
    later = "no"


class ConsentCb(CallbackData, prefix="consent"):
    answer: ConsentAnswer


class PrivacyChoice(StrEnum):
    ask_delete = "delete"  # «delete my data»: asks to confirm
    erase = "confirm"  # yes, delete everything
    keep = "keep"  # no, keep it
    give_consent = "give"
    withdraw_consent = "withdraw"


class PrivacyCb(CallbackData, prefix="priv"):
    action: PrivacyChoice


class PrivacyAction(StrEnum):
    """The newer /privacy buttons (`PrivacyActionCb`)."""

    export = "x"  # send me everything you hold about me, as a file


class PrivacyActionCb(CallbackData, prefix="prx"):
    """About the presser only: no id travels in it."""

    action: PrivacyAction


class NotifyAction(StrEnum):
    """🔔 the reminders screen: a reminder hour, each feature's own hour, (un)mute nudges."""

    hour = "h"
    default = "d"
    mute = "m"
    unmute = "u"


class NotifyCb(CallbackData, prefix="nf"):
    action: NotifyAction
    hour: int = 0


class RoleAction(StrEnum):
    """Coordinators' role buttons; every one is for those who manage roles only."""

    page = "page"  # the list of grants, a page of it (value: the page)
    grant = "grant"  # start granting a role: whom?
    pick_role = "pick"  # the wizard: which role (value: the role)
    program = "program"  # the wizard: which program ("-": all)
    region = "region"  # the wizard: which region ("-": everywhere)
    confirm = "confirm"  # the wizard: grant it
    cancel = "cancel"  # leave the wizard, back to the list
    revoke = "revoke"  # revoke a grant (value: its id): asks to confirm
    revoke_confirmed = "revoke-yes"


class RoleCb(CallbackData, prefix="role"):
    action: RoleAction
    value: str = ""


class BroadcastStep(StrEnum):
    """The broadcast wizard's buttons and, afterwards, stopping one (`BroadcastCb`)."""

    new = "new"  # the list: start a new broadcast
    skip = "skip"  # no version in this language (value: kk | ru)
    filter = "filter"  # open an audience filter's choices (value: kind[=page])
    pick = "pick"  # choose a value of a filter (value: kind=value; empty: all)
    next = "next"  # the audience is chosen: preview and confirm
    back = "back"
    now = "now"  # send now
    when = "when"  # schedule: ask for a time
    tomorrow = "tomorrow"  # schedule for tomorrow morning
    paid = "paid"  # toggle a paid broadcast
    confirm = "confirm"  # confirm the scheduled time
    cancel = "cancel"  # leave the wizard
    stop = "stop"  # cancel a scheduled or running broadcast (value: its id)


class BroadcastCb(CallbackData, prefix="bc"):
    action: BroadcastStep
    value: str = ""


class ApplyAction(StrEnum):
    """Applicants' buttons (`ApplyCb`); the values are the codes already in people's chats."""

    # programs and eligibility
    consent = "consent"  # give consent before the first application
    programs = "list"  # the programs open to applications
    program = "prog"  # a program's card (value: its code)
    start = "apply"  # apply to it (value: its code)
    eligible = "elig"  # an eligibility answer (value: "1" yes, "0" no)
    # the form (app: the draft)
    resume = "cont"  # back to a draft (value "n": from a notice)
    later = "later"  # leave the form; the draft stays
    back = "back"  # the field before
    keep = "keep"  # keep the answer given before
    skip = "skip"  # an optional field left empty
    option = "opt"  # a choice (value: the option's code)
    yes_no = "yn"  # value: "1" yes, "0" no
    toggle = "tog"  # tick or untick an option of a multi-choice field
    options_done = "mdone"  # the options ticked are the answer
    region = "reg"  # value: the region's code
    regions = "regs"  # from the districts back to the regions
    district = "dist"  # value: "<region>/<district>"
    files_done = "fdone"  # the files sent are the answer
    # the summary
    submit = "submit"
    edit = "edit"  # which answer to change?
    summary = "summary"  # back to the summary
    edit_field = "editf"  # change this answer (value: the field's code)
    # my applications
    mine = "my"  # the list
    open = "open"  # one application (value "n": from a notice, as a new message)
    withdraw = "wd"  # asks to confirm
    withdraw_yes = "wdy"
    answer = "ans"  # answer the coordinator's question


class ApplyCb(CallbackData, prefix="ap"):
    """Applicants' buttons. `app` is an application id: always checked to be the presser's own."""

    action: ApplyAction
    app: int = 0
    value: str = ""


class ApplyExtraAction(StrEnum):
    """The newer applicant buttons (`ApplyActionCb`)."""

    consent = "c"  # give consent in the middle of a form (app: the draft), then go on
    replace_files = "fr"  # remove the files of the attachments field the draft is at
    watch = "w"  # a closed program: tell me when it opens (value: the program's code)


class ApplyActionCb(CallbackData, prefix="apx"):
    """Checked on the server: a draft must be the presser's own, a program one in the catalogue."""

    action: ApplyExtraAction
    app: int = 0
    value: str = ""


class ReviewAction(StrEnum):
    """Reviewers' buttons (`ReviewCb`); the values are the codes already in people's chats."""

    noop = "noop"  # the page number of a pager: nothing to do
    queue = "q"  # the queue (app: the page; value: the filters)
    pick = "f"  # a filter's values (app: the page; value: which filter, then the filters)
    back = "back"  # to the queue with the filters last shown
    export = "xl"  # the queue as an Excel file (value: the filters)
    card = "o"  # an application's card, in place
    open = "open"  # the card as a new message (from a notice)
    take = "take"  # into review
    ask = "ask"  # ask the applicant a question: the text comes next
    reject = "rej"  # the reason comes next
    note = "note"  # an internal note: the text comes next
    approve = "ok"  # asks to confirm
    approve_yes = "oky"
    scores = "sc"  # the program's criteria and my scores
    criterion = "scc"  # score one criterion (value: its code)
    score = "scv"  # value: "<criterion>.<1–5>"
    files = "fl"  # send the application's files


class ReviewCb(CallbackData, prefix="rv"):
    """Reviewers' buttons. `app` is an application id: checked against the reviewer's scope."""

    action: ReviewAction
    app: int = 0
    value: str = ""


class TrainAction(StrEnum):
    """Trainees' buttons; the values are the wire codes buttons already in chats carry."""

    join_cohort = "join"  # join the cohort of a code (value)
    card = "card"  # another cohort of a course whose cohort was full (value: its code)
    courses = "courses"  # «My courses»
    course = "course"  # a course's lessons (value: the page)
    leave = "leave"  # leave the course: the confirmation
    leave_yes = "leave-yes"  # leave it: confirmed
    lesson = "lesson"  # read lesson n
    quiz = "quiz"  # lesson n's check question (value: its index)
    answer = "ans"  # an answer to it (value: "question.option")
    done = "done"  # lesson n done


class TrainCb(CallbackData, prefix="tr"):
    """Trainees' buttons: a course and a lesson number, checked against their own progress."""

    action: TrainAction
    course: str = ""
    n: int = 0
    value: str = ""


class CohortAction(StrEnum):
    """Cohort buttons; the values are the wire codes buttons already in chats carry."""

    noop = "noop"  # a pager's page number
    page = "l"  # the list (value: the page)
    # the new-cohort wizard
    new = "new"
    back = "wb"  # value: the step it was pressed on
    cancel = "wx"
    create = "wok"
    pick_course = "wc"
    pick_region = "wr"
    pick_district = "wd"  # value "-": the whole region
    pick_schedule = "ws"  # value "d" daily, "w" weekdays
    pick_time = "wt"  # the default time
    pick_capacity = "wn"  # no limit
    pick_trainer = "wk"  # value: a user id; empty: no trainer for now
    # the card
    open = "o"
    nudge = "nu"
    nudge_yes = "nuy"
    export = "xl"
    write = "bc"
    # trainees (value: a user id, for a move "user.cohort")
    members = "m"  # value: the page
    trainee = "p"
    move = "mv"
    move_to = "mvt"
    remove = "rm"
    remove_yes = "rmy"
    add = "add"
    # editing
    edit = "e"
    edit_field = "ef"  # value: the field
    set_schedule = "es"  # value "d" daily, "w" weekdays
    default_time = "et"
    unlimited = "en"
    set_trainer = "ek"  # value: a user id
    clear_days_off = "eo"


class CohortCb(CallbackData, prefix="co"):
    """Trainers' and coordinators' cohort buttons: the cohort is checked against their scope."""

    action: CohortAction
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


class ContestAction(StrEnum):
    """Financing contests: the hub, the entrant's plan, the juror's scoring, the coordinator's
    contests (c: a contest, e: a plan, v: a value)."""

    hub = "h"  # «Байқау»: my contests, the jury queue, the coordinator's contests
    noop = "noop"
    start = "s"  # start or continue my plan (c)
    budget_done = "bd"  # the budget is complete
    budget_undo = "bu"  # drop the last budget line
    skip_files = "fd"  # attachments: done (or none)
    change = "ch"  # the summary: answer a step again (v)
    submit = "sb"
    leave = "x"  # out of the plan; the draft stays
    queue = "q"  # the juror's queue
    plan = "p"  # a plan's card for the juror (e)
    files = "pf"  # its files sent again (e)
    score = "g"  # begin scoring (e)
    points = "gp"  # points for the current criterion (e, v: points)
    no_comment = "gn"  # scoring: no comment (e)
    score_ok = "gs"  # scoring: submit (e)
    score_cancel = "gx"  # scoring: back to the plan, nothing kept (e)
    recuse = "rx"  # asks to confirm (e)
    recuse_ok = "rxy"  # (e)
    contests = "l"  # the coordinator's contests
    new = "n"  # open a contest: the program
    new_program = "np"  # v: program
    new_region = "nr"  # v: region ("-": all)
    new_cohort = "nc"  # v: cohort id ("0": all)
    new_who = "ne"  # v: eligibility
    new_today = "nt"  # opens today
    new_days = "nd"  # closes in v days
    new_ok = "nok"
    new_cancel = "nx"
    card = "c"  # a contest's card (c)
    close = "cl"  # asks to confirm (c)
    close_ok = "cly"
    ranking = "r"  # (c)
    pick = "w"  # a winner picked or unpicked (c, e)
    decide = "wy"  # asks to confirm the picked winners (c)
    decide_ok = "wok"
    entry = "e"  # a plan's card for the coordinator (c, e)
    fund = "f"  # create the loan / record the grant (c, e)


class ContestCb(CallbackData, prefix="ct"):
    action: ContestAction
    c: int = 0
    e: int = 0
    v: str = ""


class MentorAction(StrEnum):
    """The mentoring buttons. Coordinators: funded people (`p`: a project) and their mentor
    (`u`: the mentor picked). Mentors: their mentees (`m`: a mentorship), a check-in (`c`) and its
    rating (`r`). Mentees: answering a check-in (`c`)."""

    noop = "noop"  # a pager's page number
    # the coordinator
    funded = "f"  # funded people in scope, a page (r)
    person = "p"  # a funded person's card
    pick = "pk"  # the mentors who may follow them
    assign = "as"  # this mentor (u)
    end = "e"  # end the mentorship: are you sure?
    end_confirm = "ey"
    # the mentor
    mentees = "ms"  # my mentees
    card = "c"  # a mentee's card (m)
    media = "md"  # a voice note or photo of a check-in (c), sent again
    assess = "a"  # the rating buttons of a check-in (c)
    rate = "r"  # a rating (c, r)
    comment = "cm"  # a comment on a check-in (c): type it
    # the mentee
    answer = "an"  # answer a check-in (c)
    cancel = "x"  # leave the answer for later


class MentorCb(CallbackData, prefix="mt"):
    """Every id is re-checked on the server: a project against the coordinator's scope, a
    mentorship or check-in against the presser being its mentor or mentee."""

    action: MentorAction
    p: int = 0
    u: int = 0
    m: int = 0
    c: int = 0
    r: int = 0


class ProjectAction(StrEnum):
    """Funded projects and their reports (p: a project, r: a report, v: a value)."""

    noop = "noop"  # a pager's page number
    mine = "m"  # the recipient: my projects
    project = "p"  # the recipient: a project and its reports (p)
    report = "r"  # the recipient: a report — fill, correct or see it (r)
    photos_done = "pd"  # the photos step: done (r)
    photos_clear = "pc"  # drop the photos sent (r)
    change = "ch"  # answer a question again (r, v: step)
    add_photos = "ap"  # the summary: add photos (r)
    submit = "sb"  # (r)
    leave = "x"  # out of the report; answers kept
    hub = "h"  # the coordinator: «Жобалар»
    list = "l"  # projects in scope, a page (v)
    card = "c"  # a project's card (p)
    close = "cl"  # close the project: are you sure? (p)
    close_ok = "cly"  # (p)
    waiting = "w"  # reports waiting for a decision
    overdue = "o"  # overdue reports
    excel = "xl"  # overdue and waiting as a workbook
    review = "rv"  # a report's card for the coordinator (r)
    media = "md"  # its photos and voice sent again (r)
    accept = "ok"  # (r)
    send_back = "rt"  # return with a comment: type it (r)
    grant = "g"  # record a grant: the program
    grant_program = "gp"  # v: program
    grant_person = "gu"  # p: the person's Telegram id (a candidate)
    grant_today = "gt"  # funded today
    grant_ok = "gok"
    grant_cancel = "gx"


class ProjectCb(CallbackData, prefix="pj"):
    """Every id is re-checked on the server: a report or project against the presser being its
    recipient, or a coordinator whose scope covers it."""

    action: ProjectAction
    p: int = 0
    r: int = 0
    v: str = ""


class JourneyAction(StrEnum):
    """One person's path and the funnel (`JourneyCb`)."""

    mine = "m"  # my own path
    search = "s"  # a coordinator: find a person (the text comes next)
    person = "p"  # a coordinator: a person's path (u: their Telegram id)
    funnel = "f"  # the funnel (v: program,region,period)
    pick_program = "fp"  # the program picker (v: the filters)
    pick_region = "fr"  # the region picker (v: the filters)
    chart = "ch"  # the funnel as a PNG (v: the filters)
    excel = "xl"  # the funnel as a workbook (v: the filters)


class JourneyCb(CallbackData, prefix="jr"):
    """`u` is a person: a coordinator's button is checked against their scope (someone with an
    application, a loan or a project they coordinate); `v` the funnel's filters, re-checked."""

    action: JourneyAction
    u: int = 0
    v: str = ""
