"""A stop asked during a step that must not be cut in two (a record written and counted, an output committed)
unwinds the run only once the step is complete; outside such a step it unwinds at once."""
import os
import signal

import pytest

from extractor.app import stop


@pytest.fixture
def handler():
    stop.forget()
    previous = signal.signal(signal.SIGUSR1, stop.ask)
    yield
    signal.signal(signal.SIGUSR1, previous)
    stop.forget()


def test_a_stop_outside_a_held_step_unwinds_at_once(handler):
    reached = []
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGUSR1)
        reached.append("after the signal")
    assert reached == [] and stop.asked() == signal.SIGUSR1


def test_a_stop_inside_a_held_step_waits_for_its_end(handler):
    steps = []
    with pytest.raises(KeyboardInterrupt):
        with stop.held():
            steps.append("written")
            os.kill(os.getpid(), signal.SIGUSR1)
            steps.append("counted")
        steps.append("next record")
    assert steps == ["written", "counted"] and stop.asked() == signal.SIGUSR1


def test_nested_steps_unwind_at_the_outermost_end(handler):
    steps = []
    with pytest.raises(KeyboardInterrupt):
        with stop.held():
            with stop.held():
                os.kill(os.getpid(), signal.SIGUSR1)
            steps.append("outer step finished")
    assert steps == ["outer step finished"]


def test_a_step_after_an_old_stop_is_not_interrupted_again(handler):
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGUSR1)
    with stop.held():  # the stop was already delivered; finishing the output must not raise it a second time
        pass
    assert stop.asked() == signal.SIGUSR1


def test_an_error_inside_a_held_step_is_not_replaced(handler):
    with pytest.raises(ValueError):
        with stop.held():
            os.kill(os.getpid(), signal.SIGUSR1)
            raise ValueError("the step failed")
