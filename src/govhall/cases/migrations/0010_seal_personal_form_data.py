"""Cases filed before personal form data was sealed: the prefilled document number was stored masked and the phone in
clear. The document field always holds the applicant's own number, so it is restored from the profile; a phone is
kept (the real one when it was the masked profile phone); both are then encrypted as application_form.seal does."""

from django.db import migrations

DOCUMENT, PHONE = "person.document", "person.phone"


def seal_personal_form_data(apps, schema_editor):
    from govhall.core.crypto import encrypt, mask_phone

    Case = apps.get_model("cases", "Case")
    FormField = apps.get_model("catalog", "FormField")
    PersonProfile = apps.get_model("accounts", "PersonProfile")
    User = apps.get_model("accounts", "User")
    personal: dict[int, dict[str, str]] = {}
    for version_id, key, prefill in FormField.objects.filter(prefill__in=[DOCUMENT, PHONE]).values_list(
        "version_id", "key", "prefill"
    ):
        personal.setdefault(version_id, {})[key] = prefill
    if not personal:
        return
    for case in Case.objects.filter(guide_version_id__in=list(personal)).iterator(chunk_size=500):
        data = dict(case.form_data or {})
        changed = False
        for key, prefill in personal[case.guide_version_id].items():
            value = data.get(key)
            if not isinstance(value, str) or not value:
                continue  # empty, or sealed already
            if prefill == DOCUMENT:
                profile = PersonProfile.objects.filter(user_id=case.applicant_id).first()
                real = profile.document_number if profile else value
            else:
                phone = User.objects.filter(pk=case.applicant_id).values_list("phone", flat=True).first() or ""
                real = phone if "*" in value and phone and mask_phone(phone) == value else value
            data[key] = {"encrypted": encrypt(real)}
            changed = True
        if changed:
            Case.objects.filter(pk=case.pk).update(form_data=data)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_case_days_used"),
        ("catalog", "0004_form_fields_commitment_review_steps"),
        ("accounts", "0006_oidc_code_redemption"),
    ]

    operations = [migrations.RunPython(seal_personal_form_data, migrations.RunPython.noop)]
