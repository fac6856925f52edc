"""UCDP actor list: actor names and ids, and the alliance / join-group / splinter links.

Each link becomes a proposed relation (status ``extracted-pending``) between the registry actors
the two UCDP actors resolve to: ``Alliance`` → ``alliance``, ``JoinGroup`` → ``merger`` (the
actor joined the group), ``Splinter`` → ``split`` (the actor split from the previous group).
UCDP ids are matched first through the registry's ``external_ids.ucdp``, then by name.
"""

from __future__ import annotations

ACTOR_LIST = ("ActorId,NameData,NameOrig,NameOrigFull,NameOrigFullEng,NameChange,NewName,"
              "NewNameFullMotherTongue,NewNameFullEng,Org,ConflictId,DyadId,PrimaryParty,OSID,OSCoalition,"
              "OSCoalitionID,NSID,NSCoalition,NSCoalitionID,Splinter,NamePrev,ActorIdPrev,SplitTemp,"
              "NameSplitTemp,ActorIdSplitTemp,Alliance,NameAlliance,ActorIdAlliance,JoinGroup,GroupName,"
              "ActorIdGroup,Location,GWNOLoc,Region,Version").split(",")

#: flag column → (names column, ids column, relation type)
LINKS = {
    "Alliance": ("NameAlliance", "ActorIdAlliance", "alliance"),
    "JoinGroup": ("GroupName", "ActorIdGroup", "merger"),
    "Splinter": ("NamePrev", "ActorIdPrev", "split"),
}
