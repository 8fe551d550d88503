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
      restartIfChanged = cfg.autoStart && cfg.restartIfChanged;
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
