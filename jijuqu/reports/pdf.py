"""Optional PDF of the Word report, where LibreOffice is installed (`soffice --convert-to pdf`).

jijuqu does not depend on LibreOffice; without it the page offers no PDF and the command says why.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, timeout: int = 120) -> bytes:
    """Convert with a private LibreOffice profile, so a desktop LibreOffice left open does not block it."""
    program = soffice()
    if program is None:
        raise RuntimeError("本机未安装 LibreOffice，无法生成 PDF。")
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "report.docx"
        source.write_bytes(docx)
        subprocess.run(
            [
                program,
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return (Path(work) / "report.pdf").read_bytes()
