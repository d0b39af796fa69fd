"""The certificate of completion as a PDF (ReportLab), with its verification code and the address of the
public verification page. The text is set in ReportLab's built-in CID font STSong-Light, which needs no
font file on the machine."""

import io

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from .models import Enrolment

FONT = "STSong-Light"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def certificate_pdf(enrolment: Enrolment, *, verify_url: str) -> bytes:
    """One page, landscape A4: the worker's name, the training, hours, date, organiser and the code."""
    training = enrolment.training
    font = _font()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), invariant=True)
    pdf.setTitle(_("Certificate of completion"))
    pdf.setAuthor(training.organizer.name)
    pdf.setKeywords(enrolment.certificate_code)  # a machine reading the file finds the code without the font
    pdf.setLineWidth(2)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setFont(font, 32)
    pdf.drawCentredString(width / 2, height - 45 * mm, _("Certificate of completion"))
    pdf.setFont(font, 16)
    lines = [
        _("%(name)s completed the training “%(title)s”,") % {"name": enrolment.worker.name, "title": training.title},
        _("%(hours)s hours credited, on %(date)s.")
        % {"hours": enrolment.hours_credited, "date": enrolment.completed_on.isoformat()},
        _("Organiser: %(organizer)s") % {"organizer": training.organizer.name},
    ]
    y = height - 80 * mm
    for line in lines:
        pdf.drawCentredString(width / 2, y, line)
        y -= 12 * mm
    pdf.setFont(font, 11)
    pdf.drawString(22 * mm, 28 * mm, _("Verification code: %(code)s") % {"code": enrolment.certificate_code})
    pdf.drawString(22 * mm, 21 * mm, _("Verify at %(url)s") % {"url": verify_url})
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
