# generated from src/options by `containers-nix generate`; do not edit
#
# The part of the containers module that needs nothing but builtins: the conf
# file each container@ unit reads, the data-driven unit fields, the /etc/hosts
# lines and the checks. nix/containers.nix imports it; the tests evaluate it
# with a bare nix-instantiate and compare it with the TypeScript renderer.
let
  # A conf line that is written only when `cond` holds; the empty line after it always is.
  lineIf = cond: text: (if cond then text else "") + "\n";

  portSpec =
    p:
    let
      target = if p.containerPort == null then p.hostPort else p.containerPort;
    in
    "${p.protocol}:${toString p.hostPort}:${toString target}";

  bindFlag =
    b:
    (if b.isReadOnly then " --bind-ro=" else " --bind=")
    + (if b.hostPath == null then b.mountPoint else "${b.hostPath}:${b.mountPoint}");

  nspawnFlags =
    cfg:
    builtins.concatStringsSep "" (map bindFlag (builtins.attrValues cfg.bindMounts))
    + (if cfg.extraFlags == [ ] then "" else " " + builtins.concatStringsSep " " cfg.extraFlags);

  # Every value the conf file gets, as { option; value; }, and the options
  # whose values carry a character that would break or inject a line.
  confValues =
    cfg:
    builtins.concatLists [
      (if cfg.flake == null then [ { option = "path"; value = "${cfg.path}"; } ] else [ ])
      (if cfg.flake != null then [ { option = "flake"; value = "${cfg.flake}"; } ] else [ ])
      [ { option = "copyResolvConf"; value = "${if cfg.copyResolvConf then "1" else "0"}"; } ]
      (if cfg.privateNetwork then (
        builtins.concatLists [
          [ ]
          (if cfg.hostBridge != null then [ { option = "hostBridge"; value = "${cfg.hostBridge}"; } ] else [ ])
          (if cfg.forwardPorts != [ ] then [ { option = "forwardPorts"; value = "${builtins.concatStringsSep "," (map portSpec cfg.forwardPorts)}"; } ] else [ ])
          (if cfg.hostAddress != null then [ { option = "hostAddress"; value = "${cfg.hostAddress}"; } ] else [ ])
          (if cfg.hostAddress6 != null then [ { option = "hostAddress6"; value = "${cfg.hostAddress6}"; } ] else [ ])
          (if cfg.localAddress != null then [ { option = "localAddress"; value = "${cfg.localAddress}"; } ] else [ ])
          (if cfg.localAddress6 != null then [ { option = "localAddress6"; value = "${cfg.localAddress6}"; } ] else [ ])
          (if cfg.localMacAddress != null then [ { option = "localMacAddress"; value = "${cfg.localMacAddress}"; } ] else [ ])
        ]
      ) else [ ])
      (if cfg.networkNamespace != null then [ { option = "networkNamespace"; value = "${cfg.networkNamespace}"; } ] else [ ])
      [ { option = "privateUsers"; value = "${toString cfg.privateUsers}"; } ]
      [ { option = "interfaces"; value = "${toString cfg.interfaces}"; } ]
      [ { option = "macvlans"; value = "${toString cfg.macvlans}"; } ]
      (if cfg.autoStart then [ ] else [ ])
      [ { option = "bindMounts"; value = builtins.concatStringsSep "" (map bindFlag (builtins.attrValues cfg.bindMounts)); } { option = "extraFlags"; value = builtins.concatStringsSep " " cfg.extraFlags; } ]
    ];
  safeConfValue = s: builtins.replaceStrings [ "\n" "\r" "\"" "'" "\\" "\$" "`" ] [ "" "" "" "" "" "" "" ] s == s;
  unsafeConfOptions =
    cfg:
    builtins.foldl' (
      acc: v: if safeConfValue v.value || builtins.elem v.option acc then acc else acc ++ [ v.option ]
    ) [ ] (confValues cfg);

  # The container@ unit's scripts and the container init script, rendered
  # from their data in src/scripts/ by src/nix/scripts.ts.

  # A value inside double quotes in bash: backslashes, quotes, `$` and backticks escaped.
  inQuotes = builtins.replaceStrings [ "\\" "\"" "\$" "`" ] [ "\\\\" "\\\"" "\\\$" "\\`" ];
  optionalString = cond: text: if cond then text else "";
  concatMapStringsSep = sep: f: list: builtins.concatStringsSep sep (map f list);
  mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (builtins.attrNames attrs);

  # The unit's preStart: forgets what an earlier run of the container left behind.
  preStartScript =
    paths: cfg:
    ''
      # Forget a stale machined registration and interfaces left from an earlier run.
      machinectl terminate "$INSTANCE" 2> /dev/null || true

      if [[ -n "''${HOST_ADDRESS-}''${LOCAL_ADDRESS-}''${HOST_ADDRESS6-}''${LOCAL_ADDRESS6-}" ]]; then
        ip link del dev "ve-$INSTANCE" 2> /dev/null || true
        ip link del dev "vb-$INSTANCE" 2> /dev/null || true
      fi

      ${concatMapStringsSep "\n" (name: "ip link del dev \"${inQuotes name}\" 2> /dev/null || true") (builtins.attrNames cfg.extraVeths)}
    '';

  # The unit's script: prepares the container's tree and execs systemd-nspawn with the flags its conf file and options ask for.
  startScript =
    paths: cfg:
    ''
      # `root` is set in the unit's environment.
      declare root

      mkdir -p "$root/usr/bin" "$root/etc" "$root/var/lib"
      chmod 0755 "$root/etc" "$root/var/lib"
      mkdir -p "$root/var/lib/private" "$root/root" /run/nixos-containers
      chmod 0700 "$root/var/lib/private" "$root/root" /run/nixos-containers
      if [[ ! -e "$root/etc/os-release" && ! -h "$root/etc/os-release" ]]; then
        touch "$root/etc/os-release"
      fi
      if [[ ! -e "$root/etc/machine-id" ]]; then
        touch "$root/etc/machine-id"
      fi

      profiles="/nix/var/nix/profiles/per-container/$INSTANCE"
      gcroots="/nix/var/nix/gcroots/per-container/$INSTANCE"
      mkdir -p "$profiles" "$gcroots"
      chmod 0755 "$profiles" "$gcroots"

      if [[ "$COPY_RESOLV_CONF" = 1 ]]; then
        cp --remove-destination /etc/resolv.conf "$root/etc/resolv.conf"
      fi

      # A flake container is built on its first start: `update` writes its system profile.
      if [[ -n "''${FLAKE-}" && ! -e "$profiles/system" ]]; then
        ${paths.nixosContainer} update "$INSTANCE"
      fi

      declare -a extraFlags

      if [[ "''${PRIVATE_NETWORK-}" = 1 ]]; then
        extraFlags+=("--private-network")
      fi

      # With user namespacing, the /nix bind mounts are idmapped so that their
      # files keep their owners instead of showing up as nobody.
      idmap=""
      if [[ -n "''${PRIVATE_USERS-}" ]]; then
        extraFlags+=("--private-users=$PRIVATE_USERS")
        if [[ "$PRIVATE_USERS" = pick ]] || { [[ "$PRIVATE_USERS" =~ ^[0-9]+$ ]] && (( PRIVATE_USERS > 0 )); }; then
          idmap=":idmap"
        fi
      fi

      if [[ -n "''${HOST_ADDRESS-}''${LOCAL_ADDRESS-}''${HOST_ADDRESS6-}''${LOCAL_ADDRESS6-}" ]] || [[ -n "''${LOCAL_MAC_ADDRESS-}" ]]; then
        extraFlags+=("--network-veth")
      fi

      if [[ -n "''${HOST_PORT-}" ]]; then
        IFS=, read -r -a ports <<< "$HOST_PORT"
        for port in "''${ports[@]}"; do
          extraFlags+=("--port=$port")
        done
      fi

      if [[ -n "''${HOST_BRIDGE-}" ]]; then
        extraFlags+=("--network-bridge=$HOST_BRIDGE")
      fi

      if [[ -n "''${NETWORK_NAMESPACE_PATH-}" ]]; then
        extraFlags+=("--network-namespace-path=$NETWORK_NAMESPACE_PATH")
      fi

      extraFlags+=(${concatMapStringsSep " " (name: "\"--network-veth-extra=${inQuotes name}\"") (builtins.attrNames cfg.extraVeths)})

      for iface in ''${INTERFACES-}; do
        extraFlags+=("--network-interface=$iface")
      done

      for iface in ''${MACVLANS-}; do
        extraFlags+=("--network-macvlan=$iface")
      done

      ${optionalString paths.isX86_64 ''
        # A 32-bit system on a 64-bit host needs the x86 personality.
        if [[ "$(< "''${SYSTEM_PATH:-$profiles/system}/system")" = i686-linux ]]; then
          extraFlags+=("--personality=x86")
        fi
      ''}

      export SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1

      # No startup notification from nspawn itself: the container's systemd
      # reports readiness. SIGTERM to nspawn becomes SIGRTMIN+3 (halt) inside,
      # which containerInit and stage 2 both handle.
      # shellcheck disable=SC2086 # EXTRA_NSPAWN_FLAGS is split on purpose
      exec ${paths.systemdNspawn} \
        --keep-unit \
        -M "$INSTANCE" -D "$root" "''${extraFlags[@]}" \
        --notify-ready=yes \
        --kill-signal=SIGRTMIN+3 \
        --bind-ro=/nix/store:/nix/store$idmap \
        --bind-ro=/nix/var/nix/db:/nix/var/nix/db$idmap \
        --bind-ro=/nix/var/nix/daemon-socket:/nix/var/nix/daemon-socket$idmap \
        --bind="$profiles:/nix/var/nix/profiles$idmap" \
        --bind="$gcroots:/nix/var/nix/gcroots$idmap" \
        ${optionalString (!cfg.ephemeral) "--link-journal=try-guest"} \
        --setenv PRIVATE_NETWORK="''${PRIVATE_NETWORK-}" \
        --setenv PRIVATE_USERS="''${PRIVATE_USERS-}" \
        --setenv HOST_BRIDGE="''${HOST_BRIDGE-}" \
        --setenv HOST_ADDRESS="''${HOST_ADDRESS-}" \
        --setenv LOCAL_ADDRESS="''${LOCAL_ADDRESS-}" \
        --setenv HOST_ADDRESS6="''${HOST_ADDRESS6-}" \
        --setenv LOCAL_ADDRESS6="''${LOCAL_ADDRESS6-}" \
        --setenv LOCAL_MAC_ADDRESS="''${LOCAL_MAC_ADDRESS-}" \
        --setenv HOST_PORT="''${HOST_PORT-}" \
        --setenv PATH="$PATH" \
        ${optionalString cfg.ephemeral "--ephemeral"} \
        ${optionalString (cfg.additionalCapabilities != [ ]) "--capability=\"${inQuotes (builtins.concatStringsSep "," cfg.additionalCapabilities)}\""} \
        ${concatMapStringsSep " " (item: "--tmpfs=\"${inQuotes item}\"") cfg.tmpfs} \
        ''${EXTRA_NSPAWN_FLAGS-} \
        ${paths.containerInitPath} "''${SYSTEM_PATH:-/nix/var/nix/profiles/system}/init"
    '';

  # Runs inside the container before its stage-2 init: sets up eth0 and the container's end of every extra veth, then hands over to NixOS.
  containerInitText =
    paths: cfg:
    ''
      #! ${paths.runtimeShell} -e

      # systemd-nspawn asks for shutdown with SIGRTMIN+3; before stage 2 runs, just leave.
      trap "exit 0" SIGRTMIN+3

      # Addresses stay unquoted, as upstream has them: a value may carry extra `ip` arguments.
      if [[ -n "''${HOST_ADDRESS-}''${HOST_ADDRESS6-}''${LOCAL_ADDRESS-}''${LOCAL_ADDRESS6-}''${HOST_BRIDGE-}''${LOCAL_MAC_ADDRESS-}" ]]; then
        ip link set host0 name eth0
        if [[ -n "''${LOCAL_MAC_ADDRESS-}" ]]; then
          ip link set dev eth0 address "$LOCAL_MAC_ADDRESS"
        fi
        ip link set dev eth0 up
        if [[ -n "''${LOCAL_ADDRESS-}" ]]; then
          ip addr add $LOCAL_ADDRESS dev eth0
        fi
        if [[ -n "''${LOCAL_ADDRESS6-}" ]]; then
          ip -6 addr add $LOCAL_ADDRESS6 dev eth0
        fi
        if [[ -n "''${HOST_ADDRESS-}" ]]; then
          ip route add $HOST_ADDRESS dev eth0
          ip route add default via $HOST_ADDRESS
        fi
        if [[ -n "''${HOST_ADDRESS6-}" ]]; then
          ip -6 route add $HOST_ADDRESS6 dev eth0
          ip -6 route add default via $HOST_ADDRESS6
        fi
      fi

      ${builtins.concatStringsSep "\n" (mapAttrsToList (name: veth: ''
        echo "Bringing up ${inQuotes name}"
        ip link set dev "${inQuotes name}" up
        ${optionalString (veth.localAddress != null) ''
          ip addr add ${veth.localAddress} dev "${inQuotes name}"
        ''}
        ${optionalString (veth.localAddress6 != null) ''
          ip -6 addr add ${veth.localAddress6} dev "${inQuotes name}"
        ''}
        ${optionalString (veth.hostAddress != null) ''
          ip route add ${veth.hostAddress} dev "${inQuotes name}"
        ''}
        ${optionalString (veth.hostAddress6 != null) ''
          ip -6 route add ${veth.hostAddress6} dev "${inQuotes name}"
        ''}
      '') cfg.extraVeths)}

      # Source stage 2 rather than exec it, so that a stop request arriving this
      # early is not lost: it is the only shutdown signal that always arrives.
      set +e
      . "$1"
    '';

  # The unit's postStart: the host's end of each veth, once nspawn has made them.
  postStartScript =
    paths: cfg:
    ''
      if [[ -n "''${HOST_ADDRESS-}''${LOCAL_ADDRESS-}''${HOST_ADDRESS6-}''${LOCAL_ADDRESS6-}" ]] && [[ -z "''${HOST_BRIDGE-}" ]]; then
        ifaceHost="ve-$INSTANCE"
        ip link set dev "$ifaceHost" up
        ${
          if cfg.hostAddress != null then
            "ip addr add ${cfg.hostAddress} dev \"\$ifaceHost\""
          else
            ''
              if [[ -n "''${HOST_ADDRESS-}" ]]; then
                ip addr add "''${HOST_ADDRESS}" dev "$ifaceHost"
              fi
            ''
        }
        ${
          if cfg.hostAddress6 != null then
            "ip -6 addr add ${cfg.hostAddress6} dev \"\$ifaceHost\""
          else
            ''
              if [[ -n "''${HOST_ADDRESS6-}" ]]; then
                ip -6 addr add "''${HOST_ADDRESS6}" dev "$ifaceHost"
              fi
            ''
        }
        ${
          if cfg.localAddress != null then
            "ip route add ${cfg.localAddress} dev \"\$ifaceHost\""
          else
            ''
              if [[ -n "''${LOCAL_ADDRESS-}" ]]; then
                ip route add "''${LOCAL_ADDRESS}" dev "$ifaceHost"
              fi
            ''
        }
        ${
          if cfg.localAddress6 != null then
            "ip -6 route add ${cfg.localAddress6} dev \"\$ifaceHost\""
          else
            ''
              if [[ -n "''${LOCAL_ADDRESS6-}" ]]; then
                ip -6 route add "''${LOCAL_ADDRESS6}" dev "$ifaceHost"
              fi
            ''
        }
      fi
      ${builtins.concatStringsSep "\n" (mapAttrsToList (name: veth:
        if veth.hostBridge != null then
          ''
            ip link set dev "${inQuotes name}" master "${inQuotes veth.hostBridge}" up
          ''
        else
          ''
            ip link set dev "${inQuotes name}" up
            ${optionalString (veth.hostAddress != null) "ip addr add ${veth.hostAddress} dev \"${inQuotes name}\""}
            ${optionalString (veth.hostAddress6 != null) "ip -6 addr add ${veth.hostAddress6} dev \"${inQuotes name}\""}
            ${optionalString (veth.localAddress != null) "ip route add ${veth.localAddress} dev \"${inQuotes name}\""}
            ${optionalString (veth.localAddress6 != null) "ip -6 route add ${veth.localAddress6} dev \"${inQuotes name}\""}
          ''
      ) cfg.extraVeths)}
    '';

  # The values the start script expands unquoted and bash would split at a
  # space or tab, as option paths (src/model/split.ts).
  splitValuePaths =
    name: cfg:
    let
      blank = s: builtins.match "[^ \t]*" s == null;
      attr = k: if builtins.match "[A-Za-z_][A-Za-z0-9_'-]*" k != null then k else builtins.toJSON k;
      base = "containers.${attr name}";
      bind =
        key:
        let
          b = cfg.bindMounts.${key};
        in
        (if b.hostPath != null && blank b.hostPath then [ "${base}.bindMounts.${attr key}.hostPath" ] else [ ])
        ++ (if blank b.mountPoint then [ "${base}.bindMounts.${attr key}.mountPoint" ] else [ ]);
      listed =
        option:
        builtins.concatLists (
          builtins.genList (
            i: if blank (builtins.elemAt cfg.${option} i) then [ "${base}.${option}[${toString i}]" ] else [ ]
          ) (builtins.length cfg.${option})
        );
    in
    builtins.concatMap bind (builtins.attrNames cfg.bindMounts) ++ listed "interfaces" ++ listed "macvlans";
in
{
  inherit confValues unsafeConfOptions splitValuePaths;

  # The settings of the imperative container@ template unit: none of its own,
  # so that it reads everything from the conf file. The module renders that
  # unit from them; the boot harness boots imperative containers with them.
  templateSettings = {
    extraVeths = { };
    additionalCapabilities = [ ];
    ephemeral = false;
    timeoutStartSec = "1min";
    allowedDevices = [ ];
    bindMounts = { };
    tmpfs = [ ];
    autoStart = false;
    interfaces = [ ];
    hostAddress = null;
    hostAddress6 = null;
    localAddress = null;
    localAddress6 = null;
    restartIfChanged = false;
  };

  renderConf =
    _name: cfg:
    builtins.concatStringsSep "" [
      (lineIf (cfg.flake == null) "SYSTEM_PATH=${cfg.path}\n")
      (lineIf (cfg.flake != null) "FLAKE=${cfg.flake}\n")
      "COPY_RESOLV_CONF=${if cfg.copyResolvConf then "1" else "0"}\n"
      (lineIf cfg.privateNetwork (
        builtins.concatStringsSep "" [
          "PRIVATE_NETWORK=1\n"
          (lineIf (cfg.hostBridge != null) "HOST_BRIDGE=${cfg.hostBridge}\n")
          (lineIf (cfg.forwardPorts != [ ]) "HOST_PORT=${builtins.concatStringsSep "," (map portSpec cfg.forwardPorts)}\n")
          (lineIf (cfg.hostAddress != null) "HOST_ADDRESS=${cfg.hostAddress}\n")
          (lineIf (cfg.hostAddress6 != null) "HOST_ADDRESS6=${cfg.hostAddress6}\n")
          (lineIf (cfg.localAddress != null) "LOCAL_ADDRESS=${cfg.localAddress}\n")
          (lineIf (cfg.localAddress6 != null) "LOCAL_ADDRESS6=${cfg.localAddress6}\n")
          (lineIf (cfg.localMacAddress != null) "LOCAL_MAC_ADDRESS=${cfg.localMacAddress}\n")
        ]
      ))
      (lineIf (cfg.networkNamespace != null) "NETWORK_NAMESPACE_PATH=${cfg.networkNamespace}\n")
      "PRIVATE_USERS=${toString cfg.privateUsers}\n"
      "INTERFACES=\"${toString cfg.interfaces}\"\n"
      "MACVLANS=\"${toString cfg.macvlans}\"\n"
      (lineIf cfg.autoStart "AUTO_START=1\n")
      "EXTRA_NSPAWN_FLAGS=\"${nspawnFlags cfg}\"\n"
    ];

  # The container@ unit's preStart, script and postStart and the text of the
  # container init script. The store paths they name arrive as plain strings
  # (runtimeShell, systemdNspawn, nixosContainer: the nixos-container program,
  # containerInitPath: where the init text was written), and isX86_64 says
  # whether the host is x86_64-linux, so that this needs no nixpkgs.
  scripts = paths: cfg: {
    preStart = preStartScript paths cfg;
    script = startScript paths cfg;
    postStart = postStartScript paths cfg;
    containerInit = containerInitText paths cfg;
  };

  hostsLines =
    containers:
    builtins.concatStringsSep "" (
      map (
        name:
        let
          address = containers.${name}.localAddress;
        in
        if address == null then "" else "${builtins.head (builtins.split "/" address)} ${name}.containers\n"
      ) (builtins.attrNames containers)
    );

  applyImplied =
    cfg:
    builtins.foldl'
      (
        acc: extra:
        if extra.when then
          acc
          // {
            allowedDevices = acc.allowedDevices ++ extra.allowedDevices;
            additionalCapabilities = acc.additionalCapabilities ++ extra.additionalCapabilities;
          }
        else
          acc
      )
      cfg
      [
        {
          # enableTun adds /dev/net/tun (rwm) and CAP_NET_ADMIN
          when = cfg.enableTun;
          allowedDevices = [
            {
              node = "/dev/net/tun";
              modifier = "rwm";
            }
          ];
          additionalCapabilities = [ "CAP_NET_ADMIN" ];
        }
        {
          # privateNetwork with privateUsers `pick` or a positive number adds /dev/net/tun (rwm)
          when = !cfg.enableTun && cfg.privateNetwork && (cfg.privateUsers == "pick" || (builtins.isInt cfg.privateUsers && cfg.privateUsers > 0));
          allowedDevices = [
            {
              node = "/dev/net/tun";
              modifier = "rwm";
            }
          ];
          additionalCapabilities = [ ];
        }
      ];

  unitFields =
    {
      name,
      cfg,
      dirs,
      escapeSystemdPath,
    }:
    {
      serviceConfig.TimeoutStartSec = cfg.timeoutStartSec;
      serviceConfig.DeviceAllow = map (d: "${d.node} ${d.modifier}") cfg.allowedDevices;
      serviceConfig.RuntimeDirectory = if cfg.ephemeral then [ "${dirs.confDirName}/%i" ] else [ ];
      serviceConfig.EnvironmentFile = "-${dirs.confDir}/%i.conf";
      unitConfig.RequiresMountsFor = (if cfg.ephemeral then [ ] else [ "${dirs.stateDir}/%i" ]) ++ map (b: if b.hostPath != null then b.hostPath else b.mountPoint) (builtins.attrValues cfg.bindMounts);
      environment.root = if cfg.ephemeral then "/run/nixos-containers/%i" else "${dirs.stateDir}/%i";
      restartIfChanged = cfg.autoStart && cfg.restartIfChanged && !(builtins.elem cfg.activation [ "none" ]);
    }
    // (
      if cfg.autoStart then
        {
          wantedBy = [ "machines.target" ];
          wants = [ "network.target" ] ++ map (i: "sys-subsystem-net-devices-${escapeSystemdPath i}.device") cfg.interfaces;
          after = [ "network.target" ] ++ map (i: "sys-subsystem-net-devices-${escapeSystemdPath i}.device") cfg.interfaces;
        }
      else
        { }
    );

  containerChecks =
    {
      name,
      cfg,
      defined,
      host,
    }:
    [
      {
        id = "container-name-length";
        kind = "assertion";
        enabledOnly = false;
        ok = cfg.privateNetwork -> builtins.stringLength name <= 11 || builtins.compareVersions host.kernelVersion "5.8" > 0;
        message = "containers.${name}: the name `${name}` is longer than 11 characters. With privateNetwork, the host-side interface is called ve-<name>, and kernels up to 5.8 limit interface names to 15 bytes. Shorten the name, or run a kernel newer than 5.8, which gives long names an altname (see https://github.com/NixOS/nixpkgs/issues/38509).";
      }
      {
        id = "container-name-underscore";
        kind = "assertion";
        enabledOnly = false;
        ok = builtins.match ".*_.*" name == null;
        message = "containers.${name}: the name `${name}` contains an underscore, which NixOS containers do not allow. Rename the container.";
      }
      {
        id = "network-namespace-exclusive";
        kind = "assertion";
        enabledOnly = false;
        ok = cfg.networkNamespace == null || (!cfg.privateNetwork && cfg.interfaces == [ ]);
        message = "containers.${name}.networkNamespace: a container that joins an existing network namespace cannot also set containers.${name}.privateNetwork or containers.${name}.interfaces. Remove one of them.";
      }
      {
        id = "removed-pkgs";
        kind = "error";
        enabledOnly = false;
        ok = !defined.pkgs;
        message = "containers.${name}.pkgs: this option was removed and has no effect; delete it. To choose the nixpkgs whose modules, pkgs and lib evaluate the container, set containers.${name}.nixpkgs. To change only the pkgs the container's modules receive, set containers.${name}.config.nixpkgs.pkgs.";
      }
      {
        id = "flake-with-config";
        kind = "error";
        enabledOnly = false;
        ok = !(defined.config && cfg.flake != null);
        message = "containers.${name}: config and flake are both set, but a container runs either the system built from config or the one from flake. Remove one of them.";
      }
      {
        id = "conf-injection";
        kind = "assertion";
        enabledOnly = true;
        ok = unsafeConfOptions cfg == [ ];
        message = "${builtins.concatStringsSep ", " (map (o: "containers.${name}.${o}") (unsafeConfOptions cfg))}: contains a newline, quote, backslash, `\$` or backtick. The value is written to the container's conf file, which systemd reads as an EnvironmentFile, where such characters break the line or inject settings. Remove them.";
      }
      {
        id = "start-script-split";
        kind = "assertion";
        enabledOnly = true;
        ok = splitValuePaths name cfg == [ ];
        message = "${builtins.concatStringsSep ", " (splitValuePaths name cfg)}: contains a space or tab. The container's start script passes the value to systemd-nspawn unquoted (in EXTRA_NSPAWN_FLAGS, INTERFACES or MACVLANS), so the shell splits it into several arguments and the container fails to start or gets the wrong mount. Use a path or interface name without whitespace.";
      }
    ];

  hostChecks =
    host:
    [
      {
        id = "containers-disabled";
        kind = "warning";
        enabledOnly = false;
        ok = host.enableContainers || !host.hasContainers;
        message = "containers: containers are defined, but boot.enableContainers is false, so none of them is set up. Set boot.enableContainers = true to run them.";
      }
      {
        id = "virtualisation-containers-old-state-version";
        kind = "warning";
        enabledOnly = false;
        ok = !(host.enableContainers && host.virtualisationContainers && builtins.compareVersions host.stateVersion "22.05" < 0);
        message = "boot.enableContainers: enabling it together with virtualisation.containers is unsupported with system.stateVersion below 22.05, because both then use /etc/containers. Disable one of them.";
      }
    ];
}
