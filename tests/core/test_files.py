"""core.files: serving a stored file privately (the checks of uploads are in tests/security/test_files.py)."""


def test_a_private_file_is_served_with_its_own_name_never_sniffed_nor_shared(tmp_path):
    from django.core.files import File

    from zhichuang.core.files import private_response

    path = tmp_path / "stored-7f3a.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with path.open("rb") as handle:
        response = private_response(File(handle, name=str(path)), filename="节能改造说明.pdf", as_attachment=True)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, max-age=3600"
        assert "attachment" in response["Content-Disposition"] and "7f3a" not in response["Content-Disposition"]
