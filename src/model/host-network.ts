/**
 * What the host itself has on its network side, as far as its own
 * configuration says: the interfaces it creates or expects (bridges, physical
 * interfaces, vlans, macvlans, netdevs) and the network namespaces it has.
 * Read from an evaluated host (networking.bridges, networking.interfaces,
 * networking.macvlans, networking.vlans, systemd-networkd netdevs) or from
 * the JSON input's `host` object. Null where the input says nothing: then
 * nothing is guessed, and the validator notes what it could not check.
 */

/** The kinds of host interface the containers' options can meet. */
export type HostInterfaceKind = "bridge" | "physical" | "vlan" | "macvlan" | "veth" | "dummy" | "bond" | "wireguard" | "tun" | "other";

export interface HostInterface {
  kind: HostInterfaceKind;
  /** The interface it sits on (vlan, macvlan). */
  parent?: string;
  /** Its addresses with their prefixes (`10.10.0.1/24`, `fd00::1/64`), as the host configures them. */
  addresses?: string[];
}

export interface HostNetwork {
  /** Every interface the host has before any container starts, by name (see `complete`). */
  interfaces: Record<string, HostInterface>;
  /**
   * Whether `interfaces` lists every interface the host has, so that a name
   * it lacks is an interface the host does not have. Absent: true, the
   * promise of the JSON `host.interfaces`. False for an evaluated host: its
   * configuration names the interfaces it creates and those it configures,
   * but not every hardware interface (a host on DHCP names none), nor those
   * that services create while they run (docker0, virbr0); a name it lacks
   * is then unknown, while one it has is known with its kind.
   */
  complete?: boolean;
  /** Paths of the network namespaces the host has (`/run/netns/vpn`), or null when not known. */
  networkNamespaces: string[] | null;
}
