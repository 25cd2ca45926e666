"""Test-only misbehaving documents, for the batch tests' worker processes.

Python imports this module at start-up only when this folder is on
PYTHONPATH, and it does anything only when ``KH_TEST_HOOKS=1`` is set too: the
tests set both for the processes they start; nothing a user runs does. It puts
one stage in front of the pipeline that misbehaves on a marker word in the
document's text:

    KH-TEST-SLEEP   never finishes (for --timeout); first creates the file
                    named by KH_TEST_FLAG, when set, to say it has started
    KH-TEST-HOG     allocates memory until it fails (for --max-memory)
    KH-TEST-CRASH   ends its process at once (a worker that dies)
"""
import os

if os.environ.get("KH_TEST_HOOKS") == "1":
    import time

    def misbehave(doc) -> None:
        if "KH-TEST-SLEEP" in doc.original:
            if os.environ.get("KH_TEST_FLAG"):
                open(os.environ["KH_TEST_FLAG"], "w").close()
            time.sleep(3600)
        if "KH-TEST-HOG" in doc.original:
            chunks = []
            while True:
                chunks.append(bytearray(64 * 1024 * 1024))
        if "KH-TEST-CRASH" in doc.original:
            os._exit(3)

    from pipeline import runner

    runner.STAGES.insert(0, ("test_hook", misbehave))
