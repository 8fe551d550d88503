# generated from src/options by `containers-nix generate`; do not edit
#
# NixOS declarative containers (containers.<name>, run by systemd-nspawn): a
# drop-in replacement for nixpkgs' nixos/modules/virtualisation/nixos-containers.nix.
# Use it with
#   disabledModules = [ "virtualisation/nixos-containers.nix" ];
#   imports = [ ./containers.nix ];
{
  config,
  lib,
  pkgs,
  utils,
  ...
}@host:

let
  inherit (lib) types;

  core = import ./containers-core.nix;

  # Below stateVersion 22.05 the conf files and state live in the directories
  # that virtualisation.containers (podman) uses as well.
  dirPrefix = if lib.versionAtLeast config.system.stateVersion "22.05" then "nixos-" else "";
  dirs = rec {
    confDirName = "${dirPrefix}containers";
    confDir = "/etc/${confDirName}";
    stateDir = "/var/lib/${dirPrefix}containers";
  };

  nixosContainerTool = pkgs.nixos-container.override {
    stateDirectory = dirs.stateDir;
    configurationDirectory = dirs.confDir;
  };

  hostFacts = {
    kernelVersion = config.boot.kernelPackages.kernel.version;
    stateVersion = config.system.stateVersion;
    enableContainers = config.boot.enableContainers;
    virtualisationContainers = config.virtualisation.containers.enable;
    hasContainers = config.containers != { };
  };

  # Settings every container's own NixOS evaluation starts from.
  containerBase =
    name:
    { options, ... }:
    {
      config = {
        nixpkgs =
          if options.nixpkgs ? hostPlatform then
            { inherit (host.pkgs.stdenv) hostPlatform; }
          else
            { localSystem = host.pkgs.stdenv.hostPlatform; };
        boot.isNspawnContainer = true;
        networking.hostName = lib.mkDefault name;
        networking.useDHCP = false;
      };
    };

  # The type of containers.<name>.config: its definitions are NixOS modules,
  # evaluated with the container's own nixpkgs into a full system configuration.
  nixosConfigType =
    name: container:
    lib.mkOptionType {
      name = "Toplevel NixOS config";
      merge =
        loc: defs:
        let
          evalConfig = import "${toString container.nixpkgs}/nixos/lib/eval-config.nix";
          system = evalConfig {
            modules = [ (containerBase name) ] ++ map (def: def.value) defs;
            prefix = [
              "containers"
              name
            ];
            inherit (container) specialArgs;
            # The platform comes from the host (see containerBase), not from builtins.currentSystem.
            system = null;
          };
        in
        system.config;
    };

  # Evaluation errors (checks of kind "error") are raised when the container's
  # path is computed, since a submodule cannot add to the host's assertions.
  raiseErrors =
    checks:
    let
      failed = builtins.filter (c: c.kind == "error" && !c.ok) checks;
    in
    if failed == [ ] then null else throw (builtins.head failed).message;

  forwardPortModule =
    {
      options = {
        protocol = lib.mkOption {
          type = types.str;
          default = "tcp";
          description = "Transport protocol of the forwarded port, as systemd-nspawn's `--port` understands it (`tcp` or `udp`).";
        };

        hostPort = lib.mkOption {
          type = types.port;
          description = "Port on the host that receives the traffic.";
        };

        containerPort = lib.mkOption {
          type = types.nullOr types.port;
          default = null;
          description = "Port inside the container that the traffic goes to. When null, the host port number is used.";
        };
      };
    };

  networkOptions = {
    hostBridge = lib.mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "br0";
      description = ''
        Name of a host bridge to attach the host end of the veth pair to.
        Set either this or the host addresses (hostAddress, hostAddress6), not both.
      '';
    };

    forwardPorts = lib.mkOption {
      type = types.listOf (types.submodule forwardPortModule);
      default = [ ];
      example = [
        {
          protocol = "tcp";
          hostPort = 8080;
          containerPort = 80;
        }
      ];
      description = ''
        Ports forwarded from the host into the container, each given by protocol, host port and container port.
        The protocol defaults to tcp, and a missing container port means the same number as the host port.
      '';
    };

    hostAddress = lib.mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "10.231.136.1";
      description = ''
        IPv4 address of the host end of the veth pair.
        Has no effect when hostBridge is set.
      '';
    };

    hostAddress6 = lib.mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "fc00::1";
      description = ''
        IPv6 address of the host end of the veth pair.
        Has no effect when hostBridge is set.
      '';
    };

    localAddress = lib.mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "10.231.136.2";
      description = ''
        IPv4 address of the interface inside the container.
        Without a prefix length it is a /32 with routes set up between it and hostAddress;
        behind a hostBridge, give it with the prefix length of the bridged network.
      '';
    };

    localAddress6 = lib.mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "fc00::2";
      description = ''
        IPv6 address of the interface inside the container.
        Without a prefix length it is a /128 with routes set up between it and hostAddress6;
        behind a hostBridge, give it with the prefix length of the bridged network.
      '';
    };

    localMacAddress = lib.mkOption {
      type = types.nullOr (types.strMatching "([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}");
      default = null;
      example = "de:b7:73:01:10:90";
      description = ''
        MAC address of the interface inside the container, set early in the container's boot,
        so that it can be relied on (for example for IPv6 SLAAC).
        When null, the veth device gets a random locally administered unicast address.
      '';
    };
  };

  extraVethModule =
    {
      options = networkOptions;
    };

  bindMountModule =
    { name, ... }:
    {
      options = {
        mountPoint = lib.mkOption {
          type = types.str;
          example = "/mnt/usb";
          description = "Where the directory appears inside the container. Defaults to the attribute name.";
        };

        hostPath = lib.mkOption {
          type = types.nullOr types.str;
          default = null;
          example = "/home/alice";
          description = "Directory on the host to mount. When null, the mount point's own path on the host is used.";
        };

        isReadOnly = lib.mkOption {
          type = types.bool;
          default = true;
          description = "Whether the container sees the mount read-only.";
        };
      };

      config = {
        mountPoint = lib.mkDefault name;
      };
    };

  allowedDeviceModule =
    {
      options = {
        node = lib.mkOption {
          type = types.str;
          example = "/dev/net/tun";
          description = "Path of the device node.";
        };

        modifier = lib.mkOption {
          type = types.str;
          example = "rw";
          description = ''
            Access granted to the device node: any combination of `r` (read), `w` (write) and `m` (mknod),
            as in {manpage}`systemd.resource-control(5)`.
          '';
        };
      };
    };

  containerModule =
    {
      config,
      options,
      name,
      ...
    }:
    {
      options = {
        config = lib.mkOption {
          type = nixosConfigType name config;
          description = "The container's NixOS configuration, written as a NixOS module.";
        };

        path = lib.mkOption {
          type = types.path;
          example = "/nix/var/nix/profiles/per-container/webserver";
          description = ''
            Store path of an already built NixOS system for the container, usually a system profile link.
            Use it instead of {option}`config`.
          '';
        };

        additionalCapabilities = lib.mkOption {
          type = types.listOf types.str;
          default = [ ];
          example = [
            "CAP_NET_ADMIN"
            "CAP_MKNOD"
          ];
          description = ''
            Capabilities given to the container on top of systemd-nspawn's default set;
            see {manpage}`capabilities(7)` and {manpage}`systemd-nspawn(1)`.
          '';
        };

        nixpkgs = lib.mkOption {
          type = types.path;
          default = pkgs.path;
          defaultText = lib.literalExpression "pkgs.path";
          description = ''
            The nixpkgs tree whose modules, pkgs and lib evaluate the container's configuration.

            To change only the `pkgs` the container's modules receive, set `nixpkgs.*` options in {option}`config` instead.
            Setting `config.nixpkgs.pkgs = pkgs` reuses the host's package set, which makes evaluation faster,
            but then the container's `nixpkgs.config` is ignored.
          '';
        };

        specialArgs = lib.mkOption {
          type = types.attrsOf types.unspecified;
          default = { };
          description = "Extra special arguments handed to the container's NixOS modules, merged into the `specialArgs` of its evaluation.";
        };

        ephemeral = lib.mkOption {
          type = types.bool;
          default = false;
          description = ''
            Boot the container from an empty root file system each time and throw it away when it stops,
            so that no state survives a restart.

            The container's configuration may need adapting: with {var}`macvlans`, for instance, set
            {var}`systemd.network.networks.''$interface.dhcpV4Config.ClientIdentifier` to "mac" so that the DHCP client
            identifier stays the same across restarts.
            The journal of an ephemeral container is not linked into the host's.
          '';
        };

        enableTun = lib.mkOption {
          type = types.bool;
          default = false;
          description = "Let the container create tunnel interfaces: grants `NET_ADMIN` and access to `/dev/net/tun`.";
        };

        copyResolvConf = lib.mkOption {
          type = types.bool;
          default = true;
          description = "Whether the host's /etc/resolv.conf is copied into the container at start.";
        };

        privateNetwork = lib.mkOption {
          type = types.bool;
          default = false;
          description = ''
            Give the container a network of its own: an `eth0` inside, paired with `ve-«container-name»` on the host.
            When false, the container uses the host's interfaces and may bind any port on them.
          '';
        };

        networkNamespace = lib.mkOption {
          type = types.nullOr types.path;
          default = null;
          description = ''
            Path of a network namespace file (as found under /proc/<PID>/ns/net, or bind-mounted, for example
            under /run/netns by {manpage}`ip-netns(8)`) that the container joins.
            It cannot be combined with the other network options, such as privateNetwork or interfaces.
          '';
        };

        privateUsers = lib.mkOption {
          type = types.either types.ints.u32 (types.enum [
            "no"
            "identity"
            "pick"
          ]);
          default = "no";
          description = ''
            User namespacing for the container; off by default (`no`).

            A number turns it on and maps the container's UIDs and GIDs to a range starting there,
            usually above the host's own range (65536 or more).
            `identity` (much like `0`) only isolates capabilities: UIDs and GIDs are those of the host.
            `pick` turns it on with a range chosen automatically so that containers never overlap;
            it is the most secure choice and needs no care in most setups.

            See `--private-users=` in {manpage}`systemd-nspawn(1)`.
          '';
        };

        interfaces = lib.mkOption {
          type = types.listOf types.str;
          default = [ ];
          example = [
            "eth1"
            "eth2"
          ];
          description = "Host network interfaces that are moved into the container.";
        };

        macvlans = lib.mkOption {
          type = types.listOf types.str;
          default = [ ];
          example = [
            "eth1"
            "eth2"
          ];
          description = "Host interfaces to create a macvlan interface from; each macvlan is moved into the container.";
        };

        extraVeths = lib.mkOption {
          type = types.attrsOf (types.submodule extraVethModule);
          default = { };
          description = "Additional veth pairs for the container, keyed by interface name.";
        };

        autoStart = lib.mkOption {
          type = types.bool;
          default = false;
          description = "Whether the container starts when the host boots.";
        };

        restartIfChanged = lib.mkOption {
          type = types.bool;
          default = true;
          description = "Whether switching the host's configuration restarts the container when its definition changed.";
        };

        activation = lib.mkOption {
          type = types.enum [
            "restart"
            "reload"
            "none"
          ];
          default = "restart";
          description = ''
            What switching the host's configuration does to the running container when its definition changed.
            This goes beyond upstream's module; the default keeps upstream's units unchanged.

            - `restart`: a new system for the container, or any change to its conf file, restarts it (upstream's behaviour).
            - `reload`: when only the container's system changed, the unit is reloaded instead: the running container switches to its new system in place, as {command}`nixos-container update` does. Any other change (to the network, mounts or flags in its conf file, which need a new systemd-nspawn, or to the unit itself) still restarts it.
            - `none`: a switch never restarts or reloads it; the changes apply at its next start.

            Like the triggers upstream sets, this applies to containers with {option}`autoStart` only,
            and {option}`restartIfChanged` = false keeps a switch from restarting the container in every case.
            Run {command}`containers-nix plan` before a switch to see what it will do to each container.
          '';
        };

        timeoutStartSec = lib.mkOption {
          type = types.str;
          default = "1min";
          description = ''
            How long the container may take to start before its processes are killed,
            in the time span syntax of {manpage}`systemd.time(7)`.
          '';
        };

        bindMounts = lib.mkOption {
          type = types.attrsOf (types.submodule bindMountModule);
          default = { };
          example = lib.literalExpression ''
            { "/home" = { hostPath = "/home/alice";
                          isReadOnly = false; };
            }
          '';
          description = "Host directories mounted into the container, keyed by mount point.";
        };

        allowedDevices = lib.mkOption {
          type = types.listOf (types.submodule allowedDeviceModule);
          default = [ ];
          example = [
            {
              node = "/dev/net/tun";
              modifier = "rwm";
            }
          ];
          description = "Device nodes the container may access.";
        };

        tmpfs = lib.mkOption {
          type = types.listOf types.str;
          default = [ ];
          example = [ "/var" ];
          description = ''
            tmpfs file systems mounted into the container, one per entry, each in the form of
            systemd-nspawn's `--tmpfs` argument; see {manpage}`systemd-nspawn(1)`.
          '';
        };

        extraFlags = lib.mkOption {
          type = types.listOf types.str;
          default = [ ];
          example = [ "--drop-capability=CAP_SYS_CHROOT" ];
          description = "Further command-line flags for systemd-nspawn; see {manpage}`systemd-nspawn(1)`.";
        };

        flake = lib.mkOption {
          type = types.nullOr types.str;
          default = null;
          example = "github:NixOS/nixpkgs/master";
          description = ''
            Flake URI of the NixOS configuration the container runs.
            Takes the place of {option}`containers.<name>.path`.
          '';
        };

        pkgs = lib.mkOption {
          type = types.unspecified;
          visible = false;
        };
      } // networkOptions;

      config = {
        # A container built from `config` runs that system; a flake container runs
        # the profile that nixos-container builds from the flake on first start.
        path = builtins.seq (raiseErrors (
          core.containerChecks {
            inherit name;
            cfg = config;
            host = hostFacts;
            defined = {
              pkgs = options.pkgs.isDefined;
              config = options.config.isDefined;
            };
          }
        )) (lib.mkMerge [
          (lib.mkIf options.config.isDefined config.config.system.build.toplevel)
          (lib.mkIf (config.flake != null) "/nix/var/nix/profiles/per-container/${name}")
        ]);
      };
    };

  # The unit's scripts come from the core; only the init script's file is written here.
  scriptsFor =
    cfg:
    let
      scripts = core.scripts {
        inherit (pkgs) runtimeShell;
        systemdNspawn = "${config.systemd.package}/bin/systemd-nspawn";
        nixosContainer = lib.getExe nixosContainerTool;
        isX86_64 = pkgs.stdenv.hostPlatform.system == "x86_64-linux";
        containerInitPath = pkgs.writeScript "container-init" scripts.containerInit;
      } cfg;
    in
    scripts;

  serviceDirectives = cfg: {
    ExecReload = pkgs.writeScript "reload-container" ''
      #! ${pkgs.runtimeShell} -e
      ${nixosContainerTool}/bin/nixos-container run "$INSTANCE" -- \
        bash --login -c "''${SYSTEM_PATH:-/nix/var/nix/profiles/system}/bin/switch-to-configuration test"
    '';
    SyslogIdentifier = "container %i";
    Type = "notify";
    # nspawn exits with 133 when the container reboots: restart the unit then,
    # and count it as success. A poweroff exits with 0 and stays down.
    RestartForceExitStatus = "133";
    SuccessExitStatus = "133";
    Restart = "on-failure";
    Slice = "machine.slice";
    Delegate = true;
    # SIGTERM to nspawn is turned into a clean shutdown of the container.
    KillMode = "mixed";
    KillSignal = "TERM";
    DevicePolicy = "closed";
  };

  unitFor =
    name: cfg:
    lib.recursiveUpdate {
      description = "Container '%i'";
      unitConfig.RequiresMountsFor = "${dirs.stateDir}/%i";
      path = [
        pkgs.iproute2
        config.nix.package
      ];
      enableStrictShellChecks = true;
      environment = {
        root = "${dirs.stateDir}/%i";
        INSTANCE = "%i";
      };
      inherit (scriptsFor cfg) preStart script postStart;
      restartIfChanged = false;
      serviceConfig = serviceDirectives cfg;
    } (core.unitFields {
      inherit name cfg dirs;
      inherit (utils) escapeSystemdPath;
    });

  containerUnit =
    name: given:
    let
      cfg = core.applyImplied given;
    in
    unitFor name cfg
    // lib.optionalAttrs cfg.autoStart (
      {
        # a new system for the container, or any change to its conf file, restarts it (upstream's behaviour)
        restart = {
          restartTriggers = [
            cfg.path
            config.environment.etc."${dirs.confDirName}/${name}.conf".source
          ];
        };
        # when only the container's system changed, the unit is reloaded instead: the running container switches to its new system in place, as `nixos-container update` does
        reload = {
          restartTriggers = [
            (builtins.hashString "sha256" (core.renderConf name (given // { path = ""; })))
          ];
          reloadTriggers = [
            cfg.path
          ];
        };
        # a switch never restarts or reloads it; the changes apply at its next start
        none = { };
      }
      .${cfg.activation}
    );

  # The container checks of kind "assertion" that `pick` selects, as NixOS assertions.
  assertionsWhere =
    pick:
    lib.concatLists (
      lib.mapAttrsToList (
        name: cfg:
        map (c: {
          assertion = c.ok;
          inherit (c) message;
        }) (
          builtins.filter (c: c.kind == "assertion" && pick c) (
            core.containerChecks {
              inherit name cfg;
              host = hostFacts;
              # Only errors read these, and they are raised in the container submodule.
              defined = {
                pkgs = false;
                config = false;
              };
            }
          )
        )
      ) config.containers
    );

  # The template unit names only the state directory itself among the mounts it needs.
  templateUnit = lib.recursiveUpdate (unitFor "%i" core.templateSettings) {
    unitConfig.RequiresMountsFor = "${dirs.stateDir}/%i";
  };
in
{
  options = {
    boot.isContainer = lib.mkOption {
      type = types.bool;
      default = config.boot.isNspawnContainer;
      defaultText = "config.boot.isNspawnContainer";
      description = "Whether this NixOS system runs as a lightweight container inside another NixOS system.";
    };

    boot.isNspawnContainer = lib.mkOption {
      type = types.bool;
      default = false;
      description = ''
        Whether this system runs inside a systemd-nspawn container.
        Unlike [](#opt-boot.isContainer), which other container kinds set as well,
        it guards settings that only apply to nspawn.
      '';
    };

    boot.enableContainers = lib.mkOption {
      type = types.bool;
      default = config.containers != { };
      defaultText = lib.literalExpression "config.containers != { }";
      description = "Whether this host supports NixOS containers.";
    };

    containers = lib.mkOption {
      type = types.attrsOf (types.submodule containerModule);
      default = { };
      example = lib.literalExpression ''
        { webserver =
            { path = "/nix/var/nix/profiles/webserver";
            };
          database =
            { config =
                { config, pkgs, ... }:
                { services.postgresql.enable = true;
                  services.postgresql.package = pkgs.postgresql_14;

                  system.stateVersion = "${lib.trivial.release}";
                };
            };
        }
      '';
      description = ''
        NixOS systems that run as lightweight containers on this host.
        Each one becomes a systemd service `container@«name»` that {command}`systemctl` can start and stop.
      '';
    };
  };

  config = lib.mkMerge [
    {
      warnings = map (c: c.message) (
        builtins.filter (c: c.kind == "warning" && !c.ok) (core.hostChecks hostFacts)
      );

      assertions = assertionsWhere (c: !c.enabledOnly);
    }

    (lib.mkIf config.boot.enableContainers {
      assertions = assertionsWhere (c: c.enabledOnly);

      systemd.targets.multi-user.wants = [ "machines.target" ];

      systemd.services = {
        "container@" = templateUnit;
      } // lib.mapAttrs' (name: cfg: lib.nameValuePair "container@${name}" (containerUnit name cfg)) config.containers;

      environment.etc = lib.mapAttrs' (
        name: cfg: lib.nameValuePair "${dirs.confDirName}/${name}.conf" { text = core.renderConf name cfg; }
      ) config.containers;

      networking.extraHosts = core.hostsLines config.containers;

      networking.dhcpcd.denyInterfaces = [
        "ve-*"
        "vb-*"
      ];

      services.udev.extraRules = lib.optionalString config.networking.networkmanager.enable ''
        # Leave the veth interfaces of NixOS containers alone.
        ENV{INTERFACE}=="v[eb]-*", ENV{NM_UNMANAGED}="1"
      '';

      environment.systemPackages = [ nixosContainerTool ];

      boot.kernelModules = [
        "bridge"
        "macvlan"
        "tap"
        "tun"
      ];
    })
  ];

  meta.buildDocsInSandbox = false;
}
