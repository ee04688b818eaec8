"""The account admin for the functioneel beheerder.

Rules (pen test, issue 15): nobody raises their own rights; a beheerder never sees or sets
superuser status, groups or loose permissions (only a superuser made on the command line does);
granting beheer, or a dossier role to a beheerder, needs a reason; every change of roles and
rights lands in the append-only security record. Passwords are never typed for someone else:
new staff get an invitation by e-mail."""

from __future__ import annotations

from typing import cast

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm, ModelForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import user_has_device

from ivh.core.clientip import client_ip

from .constants import Role
from .forms import (
    ReasonForm,
    RoleAssignmentFormSet,
    RoleAssignmentInlineForm,
    StaffChangeForm,
    StaffCreationForm,
)
from .models import AccountLink, RoleAssignment, SecurityEvent, User
from .services import (
    RIGHTS_FIELDS,
    role_assignment_delete,
    role_assignment_save,
    staff_invitation_send,
    two_factor_reset,
    user_changes_record,
)


def _may_edit_account(request: HttpRequest, user: User | None) -> bool:
    """Not one's own account's rights, and a superuser's account only as a superuser."""
    if user is None:
        return True
    if user.pk == request.user.pk:
        return False
    return request.user.is_superuser or not user.is_superuser


def _staff(request: HttpRequest) -> User:
    """The user of an admin request: the admin lets in logged-in staff only."""
    return cast(User, request.user)


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentInlineForm
    formset = RoleAssignmentFormSet
    extra = 0
    autocomplete_fields = ["region", "organisatie", "gemeente"]

    # `obj` is the user whose roles these are. One's own roles are shown read-only: Django then
    # ignores whatever is posted for them, and UserAdmin.save_formset refuses it as well.
    def has_add_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return super().has_add_permission(request, obj) and _may_edit_account(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return super().has_change_permission(request, obj) and _may_edit_account(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return super().has_delete_permission(request, obj) and _may_edit_account(request, obj)

    def get_fields(
        self, request: HttpRequest, obj: User | None = None
    ) -> list[str | list[str] | tuple[str, ...]]:
        fields = list(super().get_fields(request, obj))
        if not _may_edit_account(request, obj):
            fields.remove("reden")
        return fields


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    # Django's add template explains "first a username and password"; there is no password.
    add_form_template = None
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "role_assignments__role"]
    search_fields = ["email", "full_name"]
    inlines = [RoleAssignmentInline]
    actions = ["send_invitation", "reset_two_factor"]
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "phone", "uitnodiging_versturen"),
            },
        ),
    )

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None) -> tuple:
        if obj is None:
            return self.add_fieldsets
        first: tuple[str, ...] = ("email",)
        rights: tuple[str, ...] = ("is_active", "is_staff")
        if request.user.is_superuser:
            first = ("email", "password")
            rights = (*rights, "is_superuser", "groups", "user_permissions")
        return (
            (None, {"fields": first}),
            (gettext_lazy("Persoon"), {"fields": ("full_name", "phone")}),
            (gettext_lazy("Rechten"), {"fields": (*rights, "reden")}),
            (gettext_lazy("Inloggen"), {"fields": ("login_status",)}),
            (gettext_lazy("Data"), {"fields": ("last_login", "date_joined")}),
        )

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        fields = ["last_login", "date_joined", "login_status"]
        if obj is not None and obj.pk == request.user.pk:
            fields += sorted(RIGHTS_FIELDS)
        # The address receives invitations and resets: changing it on an account with a role
        # could hand that account to someone else (services.user_changes_record refuses too).
        if (
            obj is not None
            and not request.user.is_superuser
            and obj.role_assignments.filter(active=True).exists()
        ):
            fields.append("email")
        return fields

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if obj is not None and not _may_edit_account(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        # Bulk delete checks no object: it could remove one's own or a superuser's account.
        # Staff accounts are switched off ("actief"), not deleted.
        actions.pop("delete_selected", None)
        return actions

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # Nobody types a password for someone else: staff choose their own through an
        # invitation or "Wachtwoord vergeten?". A superuser keeps the page for emergencies.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.display(description=gettext_lazy("Inloggen"))
    def login_status(self, obj: User) -> str:
        parts = [
            _("wachtwoord ingesteld") if obj.has_usable_password() else _("nog geen wachtwoord"),
            _("tweestapsverificatie aan")
            if user_has_device(obj)
            else _("tweestapsverificatie nog niet ingesteld"),
        ]
        link = AccountLink.objects.filter(user=obj).usable().order_by("-created_at").first()
        if link is not None:
            parts.append(
                _("open link: %(purpose)s, geldig tot %(until)s")
                % {
                    "purpose": link.get_purpose_display(),
                    "until": timezone.localtime(link.expires_at).strftime("%d-%m-%Y %H:%M"),
                }
            )
        return "; ".join(str(part) for part in parts)

    def save_model(self, request: HttpRequest, obj: User, form: BaseForm, change: bool) -> None:
        if change:
            changes = {
                name: (form.initial.get(name), form.cleaned_data.get(name))
                for name in form.changed_data
                if name in RIGHTS_FIELDS or name == "email"
            }
            # Checks (own rights, superuser-only fields, reason) and records, before the save.
            user_changes_record(
                user=obj,
                changes=changes,
                by=_staff(request),
                reason=form.cleaned_data.get("reden", ""),
                ip_address=client_ip(request),
            )
        super().save_model(request, obj, form, change)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        user = form.instance
        changed = [f for f in formset.forms if f.has_changed()]
        if user.pk == request.user.pk and (changed or formset.deleted_forms):
            raise PermissionDenied(_("U kunt uw eigen rollen niet wijzigen."))
        formset.save(commit=False)
        ip_address = client_ip(request)
        for assignment in formset.deleted_objects:
            role_assignment_delete(assignment=assignment, by=_staff(request), ip_address=ip_address)
        saved = [f for f in changed if f not in formset.deleted_forms]
        # Beheer first, so that the reason rule for dossier roles sees the final state.
        saved.sort(key=lambda f: f.instance.role != Role.BEHEERDER)
        for row in saved:
            role_assignment_save(
                assignment=row.instance,
                by=_staff(request),
                reason=row.cleaned_data.get("reden", ""),
                ip_address=ip_address,
            )
        formset.save_m2m()

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        if not change and form.cleaned_data.get("uitnodiging_versturen"):
            staff_invitation_send(
                user=form.instance, by=_staff(request), ip_address=client_ip(request)
            )
            messages.success(
                request, _("Uitnodiging verstuurd naar %(email)s.") % {"email": form.instance.email}
            )
        elif not change:
            messages.info(
                request,
                _(
                    "Er is geen uitnodiging verstuurd. Stuur die later met de actie 'Uitnodiging sturen' in de lijst met gebruikers."
                ),
            )

    @admin.action(description=gettext_lazy("Uitnodiging sturen"), permissions=["change"])
    def send_invitation(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        ip_address = client_ip(request)
        for user in queryset:
            try:
                staff_invitation_send(user=user, by=_staff(request), ip_address=ip_address)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{user.email}: {_error_text(error)}", messages.WARNING)
            else:
                self.message_user(
                    request, _("Uitnodiging verstuurd naar %(email)s.") % {"email": user.email}
                )

    @admin.action(
        description=gettext_lazy("Tweestapsverificatie opnieuw laten instellen"),
        permissions=["change"],
    )
    def reset_two_factor(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> HttpResponse | None:
        form = ReasonForm(request.POST if "bevestigd" in request.POST else None)
        if form.is_bound and form.is_valid():
            ip_address = client_ip(request)
            for user in queryset:
                try:
                    two_factor_reset(
                        user=user,
                        by=_staff(request),
                        reason=form.cleaned_data["reden"],
                        ip_address=ip_address,
                    )
                except (ValidationError, PermissionDenied) as error:
                    self.message_user(
                        request, f"{user.email}: {_error_text(error)}", messages.WARNING
                    )
                else:
                    self.message_user(
                        request,
                        _(
                            "Tweestapsverificatie van %(email)s staat uit; er is een link gestuurd om die opnieuw in te stellen."
                        )
                        % {"email": user.email},
                    )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Tweestapsverificatie opnieuw laten instellen"),
            "opts": self.opts,
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "accounts/admin_reset_2fa.html", context)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: the record is append-only (a database trigger refuses changes too)."""

    list_display = ["at", "kind", "actor_label", "subject_label", "detail", "reason", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["subject_label", "actor_label", "detail", "reason"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
