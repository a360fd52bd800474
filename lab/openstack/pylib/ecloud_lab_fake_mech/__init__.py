"""Agentless ML2 mechanism driver for the Elastic Cloud lab (loaded by lab/openstack.sh).

Neutron with no L2 agent and no real mechanism driver leaves every port with a host
binding at binding:vif_type=binding_failed, status DOWN. The lab has no Neutron dataplane
(Docker macvlan networks on bridge lab0 carry the traffic, using the IP and MAC that
Neutron allocated), so this driver simply accepts every flat or vlan segment on any host:
vif_type=ovs, status ACTIVE. It touches nothing on the machine.
"""
from neutron_lib import constants
from neutron_lib.api.definitions import portbindings
from neutron_lib.plugins.ml2 import api

_BINDABLE = ('flat', 'vlan')


class FakeBindAllMechanismDriver(api.MechanismDriver):

    def initialize(self):
        pass

    @property
    def connectivity(self):
        return portbindings.CONNECTIVITY_L2

    def bind_port(self, context):
        for segment in context.segments_to_bind:
            if segment[api.NETWORK_TYPE] in _BINDABLE:
                context.set_binding(segment[api.ID], portbindings.VIF_TYPE_OVS,
                                    {portbindings.CAP_PORT_FILTER: False},
                                    status=constants.PORT_STATUS_ACTIVE)
                return
