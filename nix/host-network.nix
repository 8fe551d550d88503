# Hand-written (not generated): what an evaluated NixOS host's own
# configuration says about its network interfaces, for `containers-nix
# validate` (imported by validate-input.nix; src/validate/host-nixos.ts turns
# the answer into the host's network).
#
# Each source is one option of the host (networking.bridges, ...). A source
# whose option the host does not declare (an old NixOS, a host made of a few
# modules) is left out; one whose value fails to evaluate is
# { ok = false; } and the others are still read. Values are projected to
# plain data before they are forced, and every value is tested for its type
# before it is used: an error that `tryEval` cannot catch (a list where a set
# was expected) would stop the whole evaluation.
#
# Result: { <source> = { ok = true; value = <projection>; } or { ok = false; }; ... }
# (the projections: see each source below).
ev:
let
  inherit (builtins)
    attrNames
    concatLists
    deepSeq
    filter
    foldl'
    isAttrs
    isInt
    isList
    isString
    listToAttrs
    map
    mapAttrs
    tryEval
    ;

  options = ev.options;
  config = ev.config;

  # The value at `path` inside `set`, or `default` where a step is missing or not a set.
  at =
    set: path: default:
    let
      v = foldl' (v: n: if v != null && isAttrs v && v ? ${n} then v.${n} else null) set path;
    in
    if v == null then default else v;

  declared = path: at options path null != null;

  strings = v: if isList v then filter isString v else if isString v then [ v ] else [ ];
  sets = v: if isAttrs v then v else { };
  string = v: if isString v then v else null;

  # A source read from the option at `path` (when `when` holds), projected by `project`.
  source =
    path: when: project:
    if !(declared path) then
      null
    else
      let
        r = tryEval (
          let
            v = if when then project (at config path { }) else null;
          in
          deepSeq v v
        );
      in
      if r.success then
        {
          ok = true;
          value = r.value;
        }
      else
        { ok = false; };

  # Whether an enable option holds; true where the host does not declare it.
  enabled =
    path:
    let
      r = tryEval (at config path true);
    in
    !r.success || r.value != false;

  # networking.interfaces.<name>.ipv4.addresses and the like: [ { address; prefixLength; } ].
  addressPairs = v: map (a: { address = string (a.address or null); prefixLength = let p = a.prefixLength or null; in if isInt p then p else null; }) (filter isAttrs (if isList v then v else [ ]));

  networkd = enabled [ "systemd" "network" "enable" ];

  # systemd-networkd [Address] sections: { Address = ...; } (newer nixpkgs) or { addressConfig.Address = ...; }.
  addressSections = v: concatLists (map (a: strings (a.Address or (at a [ "addressConfig" "Address" ] null))) (filter isAttrs (if isList v then v else [ ])));

  # A [Network] list from both its option (`vlan = [ ... ]`) and its key in networkConfig (`VLAN = ...`).
  networkList = n: option: key: strings (n.${option} or [ ]) ++ strings (at n [ "networkConfig" key ] [ ]);

  onlyEnabled = filterSet (_: v: isAttrs v && (v.enable or true) != false);
  filterSet =
    keep: set:
    listToAttrs (
      map (name: {
        inherit name;
        value = set.${name};
      }) (filter (name: keep name set.${name}) (attrNames set))
    );
in
filterSet (_: v: v != null) {
  # { <bridge> = [ <member> ]; }
  bridges = source [ "networking" "bridges" ] true (v: mapAttrs (_: b: strings (at b [ "interfaces" ] [ ])) (sets v));
  # { <bond> = [ <member> ]; }
  bonds = source [ "networking" "bonds" ] true (v: mapAttrs (_: b: strings (at b [ "interfaces" ] [ ])) (sets v));
  # { <name> = <parent or null>; }
  macvlans = source [ "networking" "macvlans" ] true (v: mapAttrs (_: m: string (at m [ "interface" ] null)) (sets v));
  vlans = source [ "networking" "vlans" ] true (v: mapAttrs (_: m: string (at m [ "interface" ] null)) (sets v));
  # [ <name> ]: interfaces of kinds the containers' options do not tell apart.
  vswitches = source [ "networking" "vswitches" ] true (v: attrNames (sets v));
  sits = source [ "networking" "sits" ] true (v: attrNames (sets v));
  greTunnels = source [ "networking" "greTunnels" ] true (v: attrNames (sets v));
  wlanInterfaces = source [ "networking" "wlanInterfaces" ] true (v: attrNames (sets v));
  # { <name> = { ipv4 = [ { address; prefixLength; } ]; ipv6 = [ ... ]; virtual = bool; virtualType = "tun" | "tap" | null; }; }
  interfaces = source [ "networking" "interfaces" ] true (
    v:
    mapAttrs (_: i: {
      ipv4 = addressPairs (at i [ "ipv4" "addresses" ] [ ]);
      ipv6 = addressPairs (at i [ "ipv6" "addresses" ] [ ]);
      virtual = (i.virtual or false) == true;
      virtualType = string (i.virtualType or null);
    }) (sets v)
  );
  # { <name> = { addresses = [ "<address>/<prefix>" ]; inHost = bool; }; }: only what networking.wireguard.enable creates.
  wireguard = source [ "networking" "wireguard" "interfaces" ] (enabled [ "networking" "wireguard" "enable" ]) (
    v:
    mapAttrs (
      _: w:
      let
        # The interface ends in interfaceNamespace when set, else in socketNamespace; "init" (or neither) is the host's.
        ns = string (w.interfaceNamespace or null);
        socket = string (w.socketNamespace or null);
        final = if ns != null then ns else socket;
      in
      {
        addresses = strings (w.ips or [ ]);
        inHost = final == null || final == "init";
      }
    ) (sets v)
  );
  # { <name> = [ "<address>/<prefix>" ]; }: wg-quick interfaces that start at boot.
  wgQuick = source [ "networking" "wg-quick" "interfaces" ] true (
    v: mapAttrs (_: w: strings (w.address or [ ])) (filterSet (_: w: isAttrs w && (w.autostart or true) != false) (sets v))
  );
  # { <unit> = { name; kind; peer; }; }: the netdevs systemd-networkd creates, when it runs.
  netdevs = source [ "systemd" "network" "netdevs" ] networkd (
    v:
    mapAttrs (_: d: {
      name = string (at d [ "netdevConfig" "Name" ] null);
      kind = string (at d [ "netdevConfig" "Kind" ] null);
      peer = string (at d [ "peerConfig" "Name" ] null);
    }) (onlyEnabled (sets v))
  );
  # { <unit> = { match = [ <Name= words> ]; addresses = [ ... ]; bridge; bond; vlan; macvlan; }; }
  networks = source [ "systemd" "network" "networks" ] networkd (
    v:
    mapAttrs (_: n: {
      match = strings (at n [ "matchConfig" "Name" ] [ ]);
      addresses = strings (n.address or [ ]) ++ strings (at n [ "networkConfig" "Address" ] [ ]) ++ addressSections (n.addresses or [ ]);
      bridge = networkList n "bridge" "Bridge";
      bond = networkList n "bond" "Bond";
      vlan = networkList n "vlan" "VLAN";
      macvlan = networkList n "macvlan" "MACVLAN";
    }) (onlyEnabled (sets v))
  );
}
