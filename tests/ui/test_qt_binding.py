"""The installed Qt binding must survive a long session of repaints.

PySide6-Essentials 6.12.0 drops a reference to None on every void Qt call under Python 3.11
and aborts the interpreter after a few thousand (pyproject.toml pins it out). Run in a
subprocess so a bad binding fails this test instead of killing the whole test session.
"""
import subprocess
import sys
import textwrap


def test_many_void_qt_calls_leave_python_alive():
    script = textwrap.dedent("""
        import sys
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label = QLabel()
        before = sys.getrefcount(None)
        for _ in range(20_000):
            label.setText("EUR 1.2 bn")
        print(sys.getrefcount(None) - before)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env={"QT_QPA_PLATFORM": "offscreen", **_env()})
    assert done.returncode == 0, done.stderr[-500:]
    assert abs(int(done.stdout.split()[-1])) < 100


def _env() -> dict[str, str]:
    import os
    return {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
