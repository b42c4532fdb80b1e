package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestAddressBookTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String CAPTURED = Fixtures.resource("/neigh/ip-neigh-show.json");
    private static final String VM101_MAC = Fixtures.resource("/neigh/vm101-mac.txt").strip();

    private static Guest guest(int vmid, String mac, String bridge, String... ips) {
        return new Guest(
                vmid,
                GuestKind.QEMU,
                "vm" + vmid,
                true,
                1,
                1L << 30,
                List.of(
                        new GuestNic(
                                "net0", "tap" + vmid + "i0", mac, bridge, false, List.of(ips))));
    }

    private static int owner(GuestAddressBook book, String ip) throws Exception {
        return book.vmidOf(InetAddress.getByName(ip));
    }

    @Test
    void parsesTheCapturedNeighbourTableOfBothFamilies() {
        List<NeighbourEntry> entries = IpNeighbourParser.parse(CAPTURED);
        assertThat(entries)
                .extracting(NeighbourEntry::address)
                .contains("198.51.100.101", "2001:db8:100::1101");
        assertThat(entries).allSatisfy(e -> assertThat(e.device()).isEqualTo("vmbr0"));
        assertThat(entries)
                .filteredOn(e -> e.address().equals("198.51.100.101"))
                .singleElement()
                .satisfies(e -> assertThat(e.lladdr()).isEqualTo(VM101_MAC));
    }

    @Test
    void rejectsOutputThatIsNotAJsonArray() {
        for (String bad : new String[] {"", "{}", "[{\"dst\":", "Object \"neigh\" is unknown"}) {
            assertThatThrownBy(() -> IpNeighbourParser.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void skipsEntriesWithoutAddressOrDeviceAndKeepsUnresolvedOnesAsUnresolved() {
        List<NeighbourEntry> entries =
                IpNeighbourParser.parse(
                        "[{\"dev\":\"vmbr0\"},{\"dst\":\"192.0.2.9\",\"dev\":\"vmbr0\","
                                + "\"state\":[\"FAILED\"]},{\"dst\":\"192.0.2.8\",\"dev\":\"vmbr0\","
                                + "\"lladdr\":\"AA:BB:CC:DD:EE:FF\",\"state\":[\"STALE\"]}]");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).resolved()).isFalse();
        assertThat(entries.get(1).resolved()).isTrue();
        assertThat(entries.get(1).lladdr()).isEqualTo("aa:bb:cc:dd:ee:ff");
    }

    @Test
    void learnsGuestAddressesOfBothFamiliesFromTheCapturedTable() throws Exception {
        GuestAddressBook book = new GuestAddressBook(Duration.ofHours(1));
        book.refresh(
                List.of(guest(101, VM101_MAC, "vmbr0")), IpNeighbourParser.parse(CAPTURED), NOW);
        assertThat(owner(book, "198.51.100.101")).isEqualTo(101);
        assertThat(owner(book, "2001:db8:100::1101")).isEqualTo(101);
        // The "internet" namespace's router is in the table too, but it is no guest.
        assertThat(owner(book, "198.51.100.1")).isEqualTo(SourceAttribution.UNATTRIBUTED);
    }

    @Test
    void declaredAddressesAttributeWithoutAnyNeighbour() throws Exception {
        GuestAddressBook book = new GuestAddressBook(Duration.ofHours(1));
        book.refresh(List.of(guest(102, null, null, "203.0.113.5", "2001:db8::5")), List.of(), NOW);
        assertThat(owner(book, "203.0.113.5")).isEqualTo(102);
        assertThat(owner(book, "2001:db8:0::5")).isEqualTo(102);
    }

    @Test
    void aMacSeenOnAnotherBridgeIsNotThatGuest() throws Exception {
        GuestAddressBook book = new GuestAddressBook(Duration.ofHours(1));
        book.refresh(
                List.of(guest(101, "aa:bb:cc:dd:ee:01", "vmbr1")),
                List.of(
                        new NeighbourEntry(
                                "192.0.2.1", "vmbr0", "aa:bb:cc:dd:ee:01", List.of("REACHABLE"))),
                NOW);
        assertThat(owner(book, "192.0.2.1")).isEqualTo(SourceAttribution.UNATTRIBUTED);
    }

    @Test
    void learnedAddressesWinOverDeclaredOnesAndExpireWhenNoLongerSeen() throws Exception {
        GuestAddressBook book = new GuestAddressBook(Duration.ofMinutes(10));
        List<Guest> guests =
                List.of(
                        guest(101, "aa:bb:cc:dd:ee:01", "vmbr0", "192.0.2.7"),
                        guest(102, "aa:bb:cc:dd:ee:02", "vmbr0"));
        NeighbourEntry movedTo102 =
                new NeighbourEntry("192.0.2.7", "vmbr0", "aa:bb:cc:dd:ee:02", List.of("STALE"));
        book.refresh(guests, List.of(movedTo102), NOW);
        assertThat(owner(book, "192.0.2.7")).isEqualTo(102);
        book.refresh(guests, List.of(), NOW.plus(Duration.ofMinutes(5)));
        assertThat(owner(book, "192.0.2.7")).isEqualTo(102);
        book.refresh(guests, List.of(), NOW.plus(Duration.ofMinutes(11)));
        assertThat(owner(book, "192.0.2.7")).isEqualTo(101);
    }

    @Test
    void aGuestThatLeftTheInventoryLosesItsLearnedAddresses() throws Exception {
        GuestAddressBook book = new GuestAddressBook(Duration.ofHours(1));
        NeighbourEntry seen =
                new NeighbourEntry("192.0.2.7", "vmbr0", "aa:bb:cc:dd:ee:02", List.of("REACHABLE"));
        book.refresh(List.of(guest(102, "aa:bb:cc:dd:ee:02", "vmbr0")), List.of(seen), NOW);
        book.refresh(List.of(), List.of(), NOW.plusSeconds(5));
        assertThat(owner(book, "192.0.2.7")).isEqualTo(SourceAttribution.UNATTRIBUTED);
        assertThat(book.size()).isZero();
    }

    @Test
    void theCommandAdapterParsesWhatTheCommandPrints(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("ip");
        Files.writeString(fake, "#!/bin/sh\ncat '" + dir.resolve("out.json") + "'\n");
        Files.writeString(dir.resolve("out.json"), CAPTURED);
        fake.toFile().setExecutable(true);
        assertThat(new IpNeighbourCommand(List.of(fake.toString())).read())
                .isEqualTo(IpNeighbourParser.parse(CAPTURED));
        Path failing = dir.resolve("failing");
        Files.writeString(failing, "#!/bin/sh\nexit 3\n");
        failing.toFile().setExecutable(true);
        assertThatThrownBy(() -> new IpNeighbourCommand(List.of(failing.toString())).read())
                .isInstanceOf(IOException.class);
    }

    @Test
    void parsesTheCapturedNftSetListingsOfBothFamilies() {
        assertThat(WatchTables.parse(Fixtures.resource("/nft/smtp-src4.json")))
                .containsExactlyInAnyOrder(
                        new PortSource("tap101i0", "198.51.100.77"),
                        new PortSource("fwpr102p0", "203.0.113.102"));
        assertThat(WatchTables.parse(Fixtures.resource("/nft/smtp-src6.json")))
                .containsExactly(new PortSource("veth103i0", "2001:db8:100::77"));
        assertThat(WatchTables.parse("{\"nftables\": []}")).isEmpty();
        assertThatThrownBy(() -> WatchTables.parse("Error: No such file or directory"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSourceSeenAtAGuestPortBelongsToThatGuestWhateverItsConfigSays() throws Exception {
        GuestAddressBook book = new GuestAddressBook(Duration.ofMinutes(10));
        List<Guest> guests =
                List.of(guest(101, null, "vmbr0", "198.51.100.101"), guest(102, null, "vmbr0"));
        book.refresh(
                guests,
                List.of(),
                List.of(
                        new PortSource("tap101i0", "198.51.100.77"),
                        // behind Proxmox's firewall bridge the port on vmbr0 is fwpr<vmid>p<n>
                        new PortSource("fwpr102p0", "203.0.113.102"),
                        new PortSource("tap999i0", "198.51.100.99"),
                        new PortSource("vmbr0", "198.51.100.98")),
                NOW);
        assertThat(owner(book, "198.51.100.77")).isEqualTo(101);
        assertThat(owner(book, "198.51.100.101")).isEqualTo(101);
        assertThat(owner(book, "203.0.113.102")).isEqualTo(102);
        assertThat(owner(book, "198.51.100.99")).isEqualTo(SourceAttribution.UNATTRIBUTED);
        assertThat(owner(book, "198.51.100.98")).isEqualTo(SourceAttribution.UNATTRIBUTED);
        // Not seen again: forgotten after the learned TTL.
        book.refresh(guests, List.of(), List.of(), NOW.plus(Duration.ofMinutes(11)));
        assertThat(owner(book, "198.51.100.77")).isEqualTo(SourceAttribution.UNATTRIBUTED);
    }
}
