from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bench.models import FloorRow


@csrf_exempt  # the floor measures the stack (server, database, network), not the app
@login_not_required
@require_POST
def floor(request):
    """The benchmark's floor: one INSERT and a small fragment. The rating POST is compared to it."""
    row = FloorRow.objects.create()
    return HttpResponse(f'<span class="saved" data-version="{row.pk}">ok</span>')
