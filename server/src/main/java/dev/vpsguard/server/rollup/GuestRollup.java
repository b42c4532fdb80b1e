package dev.vpsguard.server.rollup;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One guest's samples over one 5-minute bucket. Averages are over the samples in which the figure
 * was measured (null if none was); rates are per second.
 *
 * @param id row id
 * @param guestId the guest
 * @param bucketStart start of the bucket (inclusive), aligned to 5 minutes since the epoch
 * @param sampleCount samples in the bucket
 * @param cpuCoresAvg CPU, cores
 * @param cpuCoresMax CPU, cores
 * @param memoryUsedBytesAvg memory in use, bytes
 * @param memoryUsedBytesMax memory in use, bytes
 * @param diskReadBpsAvg disk reads, bytes/s
 * @param diskReadBpsMax disk reads, bytes/s
 * @param diskWriteBpsAvg disk writes, bytes/s
 * @param diskWriteBpsMax disk writes, bytes/s
 * @param netTxBpsAvg bytes/s sent by the guest
 * @param netTxBpsMax bytes/s sent by the guest
 * @param netRxBpsAvg bytes/s received by the guest
 * @param netRxBpsMax bytes/s received by the guest
 * @param smtpNewConnections outbound port-25 connections opened, summed over the bucket
 * @param smtpUnreplied outbound port-25 connections never answered, summed over the bucket
 */
@MappedEntity("guest_rollups")
public record GuestRollup(
        @Id String id,
        String guestId,
        Instant bucketStart,
        int sampleCount,
        @Nullable Double cpuCoresAvg,
        @Nullable Double cpuCoresMax,
        @Nullable Double memoryUsedBytesAvg,
        @Nullable Double memoryUsedBytesMax,
        @Nullable Double diskReadBpsAvg,
        @Nullable Double diskReadBpsMax,
        @Nullable Double diskWriteBpsAvg,
        @Nullable Double diskWriteBpsMax,
        @Nullable Double netTxBpsAvg,
        @Nullable Double netTxBpsMax,
        @Nullable Double netRxBpsAvg,
        @Nullable Double netRxBpsMax,
        long smtpNewConnections,
        long smtpUnreplied) {}
