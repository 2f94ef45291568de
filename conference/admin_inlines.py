"""Admin building blocks that every app's admin may use."""

from django.contrib import admin


class ReadOnlyInline(admin.TabularInline):
    """A record shown on its parent's page that nobody adds to, edits or deletes there
    (a registration's history, the emails sent to a delegate)."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
