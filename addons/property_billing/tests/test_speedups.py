import gc

from odoo.tests import TransactionCase, tagged

from .. import speedups


@tagged("post_install", "-at_install")
class TestSpeedups(TransactionCase):
    """The long runs' speed-ups switch on for server code only: what a client
    may put in its context (any JSON value) never starts one."""

    def test_a_clients_context_starts_no_memo(self):
        Move = self.env["account.move"]
        for name in (speedups.SEQUENCE_MEMO, "property_any_memo"):
            with self.subTest(name=name):
                self.assertIsNone(speedups.memo_of(Move, name))
                self.assertIsNone(
                    speedups.memo_of(Move.with_context(**{name: {}}), name)
                )
                memo = speedups.memo_of(speedups.with_memo(Move, name), name)
                self.assertEqual(dict(memo), {})
                # Equal to itself only: a client's {} never shares its
                # environment (Odoo reuses environments of equal contexts).
                self.assertNotEqual(memo, {})
                self.assertIsNone(
                    speedups.memo_of(Move.with_context(**{name: {}}), name)
                )

    def test_a_clients_context_does_not_post_without_sync(self):
        Move = self.env["account.move"]
        client = Move.with_context(**{speedups.POST_WITHOUT_SYNC: True})
        self.assertFalse(speedups.posts_without_sync(client))
        batch = speedups.for_batch_posting(Move)
        self.assertTrue(speedups.posts_without_sync(batch))
        self.assertIsNotNone(speedups.memo_of(batch, speedups.SEQUENCE_MEMO))

    def test_garbage_collection_resumes_after_the_batch(self):
        self.assertTrue(gc.isenabled())
        with self.assertRaises(ZeroDivisionError), speedups.gc_paused():
            self.assertFalse(gc.isenabled())
            with speedups.gc_paused():  # nested: the outer batch resumes it
                self.assertFalse(gc.isenabled())
            self.assertFalse(gc.isenabled())
            1 / 0  # noqa: B018
        self.assertTrue(gc.isenabled())
