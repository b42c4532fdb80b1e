package dev.vpsguard.server.decision.smtp;

import dev.vpsguard.server.block.BlockRepository;
import dev.vpsguard.server.block.BlockRow;
import dev.vpsguard.server.block.UnblockRequestRepository;
import dev.vpsguard.server.block.UnblockRequestRow;
import dev.vpsguard.server.decision.LadderJson;
import dev.vpsguard.server.ladder.Channel;
import dev.vpsguard.server.ladder.SmtpBlock;
import dev.vpsguard.server.ladder.SmtpLadderState;
import dev.vpsguard.server.ladder.UnblockRequest;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes the blocks and unblock requests of a ladder state to their own tables (so that they can be
 * listed and queried by state), touching only the ones that changed.
 */
@Singleton
class LadderMirror {
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BlockRepository blocks;
    private final UnblockRequestRepository requests;

    LadderMirror(BlockRepository blocks, UnblockRequestRepository requests) {
        this.blocks = blocks;
        this.requests = requests;
    }

    /**
     * Writes what changed from {@code old} to {@code now}.
     *
     * @return block ids by seq (1-based position) of the blocks that changed
     */
    Map<Integer, String> sync(String guestId, SmtpLadderState old, SmtpLadderState now) {
        Map<Integer, String> ids = new HashMap<>();
        List<SmtpBlock> nb = now.blocks();
        for (int i = 0; i < nb.size(); i++) {
            if (i < old.blocks().size() && old.blocks().get(i).equals(nb.get(i))) {
                continue;
            }
            int seq = i + 1;
            Optional<BlockRow> existing = blocks.findByGuestIdAndSeq(guestId, seq);
            BlockRow row =
                    toRow(
                            existing.map(BlockRow::id).orElseGet(LadderMirror::newId),
                            guestId,
                            seq,
                            nb.get(i));
            if (existing.isPresent()) {
                blocks.update(row);
            } else {
                blocks.save(row);
            }
            ids.put(seq, row.id());
        }
        List<UnblockRequest> nr = now.requests();
        for (int j = 0; j < nr.size(); j++) {
            if (j < old.requests().size() && old.requests().get(j).equals(nr.get(j))) {
                continue;
            }
            UnblockRequest r = nr.get(j);
            int blockSeq = blockSeqOf(now, r);
            String blockId = ids.computeIfAbsent(blockSeq, s -> blockId(guestId, s));
            Optional<UnblockRequestRow> existing = requests.findByGuestIdAndSeq(guestId, j + 1);
            UnblockRequestRow row =
                    new UnblockRequestRow(
                            existing.map(UnblockRequestRow::id)
                                    .orElseGet(() -> UUID.randomUUID().toString()),
                            blockId,
                            guestId,
                            j + 1,
                            channel(r.channel()),
                            r.requester().id(),
                            r.reason(),
                            r.at(),
                            r.status().name().toLowerCase(Locale.ROOT),
                            r.decisionReason(),
                            r.decidedBy() == null ? null : r.decidedBy().id(),
                            r.decidedAt());
            if (existing.isPresent()) {
                requests.update(row);
            } else {
                requests.save(row);
            }
        }
        return ids;
    }

    String blockId(String guestId, int seq) {
        return blocks.findByGuestIdAndSeq(guestId, seq)
                .map(BlockRow::id)
                .orElseThrow(() -> new IllegalStateException("block " + seq + " of " + guestId));
    }

    /** The position of the block a request is about: the latest with its strike, not after it. */
    private static int blockSeqOf(SmtpLadderState s, UnblockRequest r) {
        for (int i = s.blocks().size() - 1; i >= 0; i--) {
            SmtpBlock b = s.blocks().get(i);
            if (b.strike() == r.strike() && !b.startedAt().isAfter(r.at())) {
                return i + 1;
            }
        }
        throw new IllegalStateException("request " + r.id() + " matches no block");
    }

    static String channel(Channel c) {
        return switch (c) {
            case CUSTOMER_LINK -> "customer";
            case OPERATOR_ON_BEHALF -> "operator";
            case API -> "api";
        };
    }

    private static BlockRow toRow(String id, String guestId, int seq, SmtpBlock b) {
        return new BlockRow(
                id,
                guestId,
                seq,
                b.strike(),
                b.startedAt(),
                b.minUntil(),
                b.mode().key(),
                b.clause(),
                b.active() ? BlockRow.ACTIVE : BlockRow.LIFTED,
                b.scheduledLiftAt(),
                b.liftedAt(),
                b.liftedBy() == null ? null : b.liftedBy().id(),
                b.liftReason() == null ? null : b.liftReason().name().toLowerCase(Locale.ROOT),
                b.findingsDuringBlock(),
                b.finding() == null ? null : LadderJson.write(b.finding()));
    }

    /** 10 characters, no look-alikes (0/o, 1/l): short enough to read out on the phone. */
    private static String newId() {
        char[] out = new char[10];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
