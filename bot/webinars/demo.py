"""The demo's webinars (seed-demo): the NGO fair's two, always a week ahead (`seed_demo_webinars`
in service.py puts them there)."""

from __future__ import annotations

from datetime import datetime

from storage.webinars import NewWebinar

DEMO_WEBINARS = (
    NewWebinar(
        title_kk="БАҚ пен ҮЕҰ арасында тиімді коммуникацияны қалай құру керек",
        title_ru="Как выстроить эффективную коммуникацию между СМИ и НПО",
        description_kk=(
            "Қоғамдық қайраткер, PR-сарапшы Анна Шелепова ҮЕҰ-ға журналистермен қалай жұмыс "
            "істеу керегін, жобаңыз туралы жаңалықты қалай жазуды және баспасөз хабарламасын "
            "қалай таратуды айтып береді. Тегін, барлық ҮЕҰ өкілдеріне ашық."
        ),
        description_ru=(
            "Общественный деятель и PR-эксперт Анна Шелепова расскажет, как НПО работать с "
            "журналистами, как написать новость о своём проекте и разослать пресс-релиз. "
            "Бесплатно, для представителей всех НПО."
        ),
        # One text for both languages: a name (the role, which is worded per language, is in
        # the descriptions).
        speaker="Анна Шелепова",
        starts_at=datetime(2000, 1, 1),  # replaced: the demo's dates are always ahead
        duration_min=90,
        language="ru",
        capacity=100,
        join_url="https://example.org/webinars/ngo-media",
        program="ngo_fair",
        questions=("email", "org"),
        demo_key="ngo-media",
    ),
    NewWebinar(
        title_kk="Құнды ұсынысты цифрлау арқылы әлеуметтік кәсіпкерліктің тұрақтылығы",
        title_ru=(
            "Устойчивость социального предпринимательства через цифровое ценностное предложение"
        ),
        description_kk=(
            "Сертификатталған тренер, стартаптар экожүйесін зерттеуші Данияр Медетов әлеуметтік "
            "кәсіпорынның құнды ұсынысын цифрлық құралдар арқылы қалай нығайтуға болатынын "
            "көрсетеді."
        ),
        description_ru=(
            "Сертифицированный тренер и исследователь стартап-экосистем Данияр Медетов покажет, "
            "как цифровые инструменты укрепляют ценностное предложение социального предприятия."
        ),
        speaker="Данияр Медетов, Henley Business School",
        starts_at=datetime(2000, 1, 1),
        duration_min=90,
        language="both",
        capacity=None,
        join_url="https://example.org/webinars/social-digital",
        program="ngo_fair",
        questions=("email", "org", "region"),
        demo_key="social-digital",
    ),
)
DEMO_TIME = (15, 0)  # local


# Texts of a demo webinar that seeding again brings up to date (no reminder carries them).
DEMO_TEXTS = ("speaker", "description_kk", "description_ru")
